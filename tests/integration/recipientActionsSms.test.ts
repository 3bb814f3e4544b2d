/**
 * SMS keywords through the local inbound endpoint (S4–S7): the SNS-shaped event and Lambda
 * handler two-way SMS uses in AWS, then the send worker's replies in the local outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { confirmedSubscriber, subscriberRow } from '../support/recipientActions.js';
import { itemsOfType, postJson, sent, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const reply = (from: string, body: string) => postJson(stack, '/api/dev/sms/inbound', { from, body });
const textsTo = (phone: string | undefined) => sent(stack, { channel: 'sms', to: phone as string });
const isSuppressed = async (phone: string) => (await domainContext()).store.isSuppressed((await domainContext()).hasher.hash('sms', phone));

describe('opt-out words (S4, S5, S6)', () => {
  it.each([
    { case: 'STOP', body: 'STOP' },
    { case: 'lower case with spaces', body: '  stop  ' },
    { case: 'punctuation', body: 'Stop!!' },
    { case: 'STOPALL', body: 'stopall' },
    { case: 'UNSUBSCRIBE', body: 'Unsubscribe' },
    { case: 'CANCEL', body: 'cancel' },
    { case: 'END', body: 'End.' },
    { case: 'QUIT', body: 'QUIT' },
    { case: 'REVOKE', body: 'revoke' },
    { case: 'OPTOUT', body: 'optout' },
    { case: 'OPT OUT', body: 'Opt out' },
    { case: 'OPT-OUT', body: 'opt-out' },
    { case: 'REMOVE', body: 'Remove' },
    { case: 'ARRET with an accent', body: 'Arrêt' },
    { case: 'TD', body: 'td' },
    { case: 'Spanish PARA', body: 'Para' },
    { case: 'Spanish ALTO', body: 'ALTO' },
    { case: 'Spanish BASTA', body: '¡Basta!' },
    { case: 'Spanish CANCELAR', body: 'cancelar' },
    { case: 'polite words around the keyword', body: 'Stop please' },
    { case: 'free text: stop texting me', body: 'Please stop texting me' },
    { case: 'free text: no more texts', body: 'no more texts thanks' },
    { case: 'free text in Spanish', body: 'No me manden más mensajes por favor' },
  ])('$case opts the number out at once, with exactly one confirmation and nothing after', async ({ body }) => {
    const s = await confirmedSubscriber(stack, { sms: true });
    const phone = s.phone as string;
    const before = textsTo(phone).length;

    expect((await reply(phone, body)).status).toBe(202);
    await reply(phone, body); // a repeat changes nothing and gets no second confirmation (S5)

    expect((await subscriberRow(stack, s.subscriberId))?.smsStatus).toBe('unsubscribed');
    expect(await isSuppressed(phone)).toBe(true);
    const replies = textsTo(phone).slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toMatch(/opted out/i);
    expect(replies[0]?.body).not.toMatch(/https?:\/\//); // S5: no marketing content, no links
    const ledger = await (await domainContext()).store.listConsent(s.subscriberId);
    expect(ledger.filter((r) => r.channel === 'sms' && r.action === 'revoked')).not.toHaveLength(0);
  });

  it('sends no more texts in the series after STOP (S6)', async () => {
    const s = await confirmedSubscriber(stack, { sms: true });
    await reply(s.phone as string, 'STOP');
    const after = textsTo(s.phone).length;

    await stack.advance('P30D');

    expect(textsTo(s.phone)).toHaveLength(after);
    expect(sent(stack, { channel: 'email', to: s.email }).length).toBeGreaterThan(1); // email goes on
  });

  it('opts out a number we do not know, so it is never texted later', async () => {
    const phone = '+17145550999';

    await reply(phone, 'STOP');

    expect(await isSuppressed(phone)).toBe(true);
    expect(textsTo(phone)).toHaveLength(0);
  });
});

describe('HELP (S4)', () => {
  it.each([{ body: 'HELP' }, { body: 'info' }, { body: 'Ayuda' }])('answers $body with program, clinic phone and how to stop, and changes nothing', async ({ body }) => {
    const s = await confirmedSubscriber(stack, { sms: true });
    const before = textsTo(s.phone).length;

    await reply(s.phone as string, body);

    const answers = textsTo(s.phone).slice(before);
    expect(answers).toHaveLength(1);
    const { clinic } = (await domainContext()).settings;
    expect(answers[0]?.body).toContain(clinic.programName);
    expect(answers[0]?.body).toContain(clinic.phone);
    expect(answers[0]?.body).toMatch(/STOP/);
    expect((await subscriberRow(stack, s.subscriberId))?.smsStatus).toBe('confirmed');
  });
});

describe('START and UNSTOP (S4)', () => {
  it.each([{ body: 'START' }, { body: 'unstop' }, { body: 'Yes' }])('$body opts back in after STOP and lifts the keyword suppression', async ({ body }) => {
    const s = await confirmedSubscriber(stack, { sms: true });
    const phone = s.phone as string;
    await reply(phone, 'STOP');
    const before = textsTo(phone).length;

    await reply(phone, body);

    expect((await subscriberRow(stack, s.subscriberId))?.smsStatus).toBe('confirmed');
    expect(await isSuppressed(phone)).toBe(false);
    const answers = textsTo(phone).slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.body).toMatch(/subscribed to our texts/i);
    const ledger = await (await domainContext()).store.listConsent(s.subscriberId);
    expect(ledger.filter((r) => r.channel === 'sms').at(-1)?.action).toBe('confirmed');
  });

  it('a second START within 30 days, which SNS refuses to opt in, is not answered "you are subscribed" and changes nothing (issue 17)', async () => {
    const s = await confirmedSubscriber(stack, { sms: true });
    const phone = s.phone as string;
    await reply(phone, 'STOP');
    const before = textsTo(phone).length;
    // The provider still lists the number as opted out and refuses OptInPhoneNumber (once per 30 days).
    stack.faults.sms.current = (params) => {
      if (params.get('phoneNumber') !== phone) return undefined;
      const action = params.get('Action');
      if (action === 'CheckIfPhoneNumberIsOptedOut') {
        return { status: 200, body: '<CheckIfPhoneNumberIsOptedOutResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><CheckIfPhoneNumberIsOptedOutResult><isOptedOut>true</isOptedOut></CheckIfPhoneNumberIsOptedOutResult></CheckIfPhoneNumberIsOptedOutResponse>' };
      }
      if (action === 'OptInPhoneNumber') {
        return { status: 400, body: '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: PhoneNumber, can only opt in once every 30 days</Message></Error></ErrorResponse>' };
      }
      return undefined;
    };
    try {
      await reply(phone, 'START');
    } finally {
      stack.faults.sms.current = undefined;
    }

    expect((await subscriberRow(stack, s.subscriberId))?.smsStatus).toBe('unsubscribed');
    expect(await isSuppressed(phone)).toBe(true);
    expect(textsTo(phone).slice(before)).toEqual([]);
  });

  it('does not lift a suppression that came from deleting the data', async () => {
    const s = await confirmedSubscriber(stack, { sms: true });
    const phone = s.phone as string;
    const { store, hasher } = await domainContext();
    await store.suppress(hasher.hash('sms', phone), 'sms', 'deleted', stack.clock.now().toISOString());

    await reply(phone, 'START');

    expect(await isSuppressed(phone)).toBe(true);
  });
});

describe('anything else', () => {
  it('is kept for staff, reaches the clinic inbox, and the patient is told someone will answer (issue 11)', async () => {
    const s = await confirmedSubscriber(stack, { sms: true, firstName: 'Rosalind' });
    const before = textsTo(s.phone).length;
    const { settings } = await domainContext();
    const inboxBefore = sent(stack, { channel: 'email', to: settings.bookingInbox }).length;

    await reply(s.phone as string, 'Does the neck spasm ever stop?');
    await stack.settle();

    const answers = textsTo(s.phone).slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.body).toMatch(/Someone from our team will answer you/);
    const forwarded = sent(stack, { channel: 'email', to: settings.bookingInbox }).slice(inboxBefore);
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]?.subject).toBe('New text message from a patient');
    expect(forwarded[0]?.text).toContain('Does the neck spasm ever stop?');
    expect(forwarded[0]?.text).toContain(s.phone as string);
    expect(forwarded[0]?.text).toContain('Rosalind');
    const kept = (await itemsOfType(stack, 'inbound')).filter((i) => String(i.pk) === keys.subscriber(s.subscriberId).pk && i.keyword === 'other');
    expect(kept).toHaveLength(1);
    expect(kept[0]?.body).toBe('Does the neck spasm ever stop?');
    expect((await subscriberRow(stack, s.subscriberId))?.smsStatus).toBe('confirmed');
  });

  it('auto-replies at most once a day per number, so two phones cannot loop, but forwards every text', async () => {
    const s = await confirmedSubscriber(stack, { sms: true });
    const before = textsTo(s.phone).length;
    const { settings } = await domainContext();
    const inbox = () => sent(stack, { channel: 'email', to: settings.bookingInbox }).filter((e) => e.text?.includes(s.phone as string));

    for (const body of ['Hello?', 'Are you there?', 'Auto-reply: I am away until Monday']) await reply(s.phone as string, body);
    await stack.settle();
    expect(textsTo(s.phone).slice(before)).toHaveLength(1);
    expect(inbox()).toHaveLength(3);

    stack.clock.jumpTo(new Date(stack.clock.now().getTime() + 25 * 3600_000));
    await reply(s.phone as string, 'Hi again');
    await stack.settle();
    expect(textsTo(s.phone).slice(before)).toHaveLength(2); // the window ended: one more answer
  });

  it.each([
    { case: 'iOS tapback', body: 'Liked “SoCal Pain Center: Reply STOP to opt out”' },
    { case: 'reaction', body: 'Reacted 👍 to “Reply STOP to opt out”' },
    { case: 'Spanish tapback', body: 'Le gustó “Responda STOP para cancelar”' },
  ])('a $case quoting our text is not an opt-out, and gets no answer', async ({ body }) => {
    const s = await confirmedSubscriber(stack, { sms: true });
    const before = textsTo(s.phone).length;

    await reply(s.phone as string, body);
    await stack.settle();

    expect((await subscriberRow(stack, s.subscriberId))?.smsStatus).toBe('confirmed');
    expect(await isSuppressed(s.phone as string)).toBe(false);
    expect(textsTo(s.phone).slice(before)).toHaveLength(0);
  });

  it.each([
    { case: 'full-width', body: 'ＳＴＯＰ' },
    { case: 'zero-width space inside', body: 'S\u200bTOP' },
    { case: 'emoji after it', body: 'STOP 🛑' },
    { case: 'Spanish BAJA', body: 'BAJA' },
    { case: 'Spanish free text', body: 'no me manden más mensajes' },
  ])('$case opts out', async ({ body }) => {
    const s = await confirmedSubscriber(stack, { sms: true });

    await reply(s.phone as string, body);

    expect((await subscriberRow(stack, s.subscriberId))?.smsStatus).toBe('unsubscribed');
  });

  it.each([{ body: 'I have no more pain since the visit' }, { body: 'Para cuándo es la cita?' }, { body: 'Can you stop by on Friday?' }])(
    'does not mistake "$body" for an opt-out',
    async ({ body }) => {
      const s = await confirmedSubscriber(stack, { sms: true });

      await reply(s.phone as string, body);

      expect((await subscriberRow(stack, s.subscriberId))?.smsStatus).toBe('confirmed');
    },
  );
});
