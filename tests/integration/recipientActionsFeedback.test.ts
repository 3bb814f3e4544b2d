/**
 * SES feedback through local mode's replay endpoint (O3, R4, R9): samples shaped as the AWS
 * documentation's examples (tests/fixtures/ses) reach the same SNS-shaped Lambda handler.
 */
import { tableInspector } from '../../local/tableInspector.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.js';
import { stepSendId } from '../../functions/domain/core/sendIds.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { confirmedSubscriber, replaySes, sesSample, subscriberRow, type TestSubscriber } from '../support/recipientActions.js';
import { itemsOfType, sent, sesSendTo, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ CARECAST_TRANSIENT_BOUNCE_LIMIT: '3' });
});
afterAll(async () => {
  await stack?.stop();
});

/** A confirmed subscriber whose welcome email went out; its outbox entry carries the sendId tag. */
const welcomed = async (): Promise<TestSubscriber & { sendId: string; messageId: string }> => {
  const s = await confirmedSubscriber(stack);
  await stack.advance('PT12H');
  const mail = sent(stack, { to: s.email }).find((e) => e.tags?.step === 'welcome');
  if (!mail?.tags?.sendId) throw new Error('welcome not sent');
  // Local SES publishes the welcome's own Delivery event (as SES does); the tests look at the events they replay.
  await stack.settle();
  for (const e of await allWelcomeEvents(s.subscriberId)) published.add(e.eventId);
  return { ...s, sendId: mail.tags.sendId, messageId: mail.id };
};

const suppressionOf = async (email: string) => {
  const pk = keys.suppression((await domainContext()).hasher.hash('email', email)).pk;
  return (await itemsOfType(stack, 'suppression')).find((x) => x.pk === pk);
};
const allWelcomeEvents = async (subscriberId: string) =>
  (await tableInspector().listStepEvents('cervical-dystonia', 'welcome')).filter((e) => e.subscriberId === subscriberId);
/** Events local SES itself published for a welcome, before a test replayed anything. */
const published = new Set<string>();
const welcomeEvents = async (subscriberId: string) => (await allWelcomeEvents(subscriberId)).filter((e) => !published.has(e.eventId));

describe('complaints and permanent bounces (O3)', () => {
  it('a complaint suppresses the address at once, marks the channel and counts as an unsubscribe', async () => {
    const s = await welcomed();

    const r = await replaySes(stack, sesSample('complaint', { to: s.email, sendId: s.sendId, messageId: s.messageId }));

    expect(r.status).toBe(202);
    expect(await suppressionOf(s.email)).toMatchObject({ reason: 'complaint', channel: 'email', at: '2017-08-05T00:41:02.669Z' });
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('suppressed');
    const ledger = await (await domainContext()).store.listConsent(s.subscriberId);
    expect(ledger.filter((x) => x.action === 'revoked')).toMatchObject([{ channel: 'email', source: 'ses-complaint' }]);
    expect(await welcomeEvents(s.subscriberId)).toMatchObject([{ kind: 'complained', sendId: s.sendId }]);

    const before = sent(stack, { to: s.email }).length;
    await stack.advance('P30D');
    expect(sent(stack, { to: s.email })).toHaveLength(before);
  });

  it('a permanent bounce suppresses the address with its reason and time', async () => {
    const s = await welcomed();

    await replaySes(stack, sesSample('bounce-permanent', { to: s.email, sendId: s.sendId, messageId: s.messageId }));

    expect(await suppressionOf(s.email)).toMatchObject({ reason: 'bounce-permanent', at: '2017-08-05T00:41:02.669Z' });
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('suppressed');
    expect(await welcomeEvents(s.subscriberId)).toMatchObject([{ kind: 'bounced', detail: 'permanent' }]);
    const revoked = (await (await domainContext()).store.listConsent(s.subscriberId)).filter((x) => x.action === 'revoked');
    expect(revoked).toHaveLength(0); // a bounce is not a withdrawal of consent
  });

  it('finds the address even when the provider reports the domain in capitals', async () => {
    const s = await welcomed();
    const [local, domain] = s.email.split('@') as [string, string];

    await replaySes(stack, sesSample('bounce-permanent', { to: `${local}@${domain.toUpperCase()}` }));

    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('suppressed');
  });
});

describe('transient bounces (O3)', () => {
  it('are counted, and suppress only when the configured number is reached', async () => {
    const s = await welcomed();
    const bounce = () => replaySes(stack, sesSample('bounce-transient', { to: s.email, sendId: s.sendId }));

    await bounce();
    await bounce();
    expect(await suppressionOf(s.email)).toBeUndefined();
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('confirmed');

    await bounce();
    expect(await suppressionOf(s.email)).toMatchObject({ reason: 'bounce-transient' });
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('suppressed');
  });

  it('start counting again after a delivery', async () => {
    const s = await welcomed();
    const bounce = () => replaySes(stack, sesSample('bounce-transient', { to: s.email, sendId: s.sendId }));

    await bounce();
    await bounce();
    await replaySes(stack, sesSample('delivery', { to: s.email, sendId: s.sendId }));
    await bounce();
    await bounce();

    expect(await suppressionOf(s.email)).toBeUndefined();
  });
});

describe('replays and odd notifications (R9)', () => {
  it('a replayed notification changes nothing', async () => {
    const s = await welcomed();
    const id = randomUUID();
    const complaint = sesSample('complaint', { to: s.email, sendId: s.sendId });
    const bounce = sesSample('bounce-transient', { to: s.email, sendId: s.sendId });
    await replaySes(stack, complaint, id);
    await replaySes(stack, bounce, `${id}-b`);
    const itemsBefore = (await itemsOfType(stack, 'event')).length;

    await replaySes(stack, complaint, id);
    await replaySes(stack, bounce, `${id}-b`);
    await replaySes(stack, bounce, `${id}-b`);

    expect((await itemsOfType(stack, 'event')).length).toBe(itemsBefore);
    const ledger = await (await domainContext()).store.listConsent(s.subscriberId);
    expect(ledger.filter((x) => x.action === 'revoked')).toHaveLength(1);
    const counterPk = keys.softBounces((await domainContext()).hasher.hash('email', s.email)).pk;
    const counter = (await itemsOfType(stack, 'softBounces')).find((x) => x.pk === counterPk);
    expect(counter?.bounces).toBe(1);
    expect((await tableInspector().getStepStats('cervical-dystonia', 'welcome')).complained).toBeGreaterThanOrEqual(1);
  });

  it.each([
    { case: 'not JSON', message: 'this is not json' },
    { case: 'no event type', message: { mail: { messageId: 'x' } } },
    { case: 'a bounce without its bounce object', message: { eventType: 'Bounce', mail: { messageId: 'x' } } },
    { case: 'an event type we do not act on', message: 'open' },
    { case: 'the SNS subscription notice', message: { notificationType: 'AmazonSnsSubscriptionSucceeded', message: 'You have successfully subscribed your Amazon SNS topic' } },
  ])('acknowledges $case without crashing or changing anything', async ({ message }) => {
    const s = await welcomed();
    const payload = message === 'open' ? sesSample('open', { to: s.email, sendId: s.sendId }) : message;
    const events = (await itemsOfType(stack, 'event')).length;

    const r = await replaySes(stack, payload);

    expect(r.status).toBe(202);
    expect((await itemsOfType(stack, 'event')).length).toBe(events);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('confirmed');
  });
});

describe('delivery events and reconciliation (R4)', () => {
  it('records deliveries, delays and rejections against the step', async () => {
    const s = await welcomed();

    for (const name of ['delivery', 'delivery-delay', 'reject'] as const) await replaySes(stack, sesSample(name, { to: s.email, sendId: s.sendId }));

    expect((await welcomeEvents(s.subscriberId)).map((e) => e.kind).sort()).toEqual(['delayed', 'delivered', 'rejected']);
    const stats = await tableInspector().getStepStats('cervical-dystonia', 'welcome');
    expect(stats.delivered).toBeGreaterThanOrEqual(1);
    const row = (await itemsOfType(stack, 'event')).find((e) => e.subscriberId === s.subscriberId && e.kind === 'delivered');
    expect(typeof row?.expiresAt).toBe('number'); // TTL'd like the message log (P7)
  });

  it('an UNKNOWN send becomes SENT from an SES send event carrying its sendId within the wait, and is never resent', async () => {
    const s = await confirmedSubscriber(stack);
    const sendId = stepSendId(`${s.subscriberId}.cervical-dystonia`, 'welcome');
    const { store } = await domainContext();
    stack.faults.ses.current = (params) => (sesSendTo(params, s.email) ? 'drop' : undefined);
    try {
      // Ten minutes at a time, so the event below comes well within the resend wait (30 min).
      for (let i = 0; i < 100 && (await store.getSend(sendId))?.state !== 'UNKNOWN'; i++) await stack.advance('PT10M');
    } finally {
      stack.faults.ses.current = undefined;
    }
    expect((await store.getSend(sendId))?.state).toBe('UNKNOWN');

    const r = await replaySes(stack, sesSample('send', { to: s.email, sendId, messageId: 'ses-accepted-0001' }));

    expect(r.status).toBe(202);
    expect(await store.getSend(sendId)).toMatchObject({ state: 'SENT', providerMessageId: 'ses-accepted-0001' });
    const history = (await store.listMessages(s.subscriberId)).find((m) => m.sendId === sendId);
    expect(history).toMatchObject({ state: 'SENT', providerMessageId: 'ses-accepted-0001' });
    await stack.advance('P3D');
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(0);
  });

  it('leaves a send that is already SENT as it was', async () => {
    const s = await welcomed();

    await replaySes(stack, sesSample('send', { to: s.email, sendId: s.sendId, messageId: 'another-id' }));

    expect(await (await domainContext()).store.getSend(s.sendId)).toMatchObject({ state: 'SENT', providerMessageId: s.messageId });
  });
});

describe('SES feedback per the documented event fields (issue 11)', () => {
  type Bounce = { bounce: { bounceType: string; bounceSubType: string; timestamp: string } };
  const bounceOf = (s: { email: string; sendId: string }, bounceType: string, bounceSubType: string) => {
    const sample = sesSample(bounceType === 'Permanent' ? 'bounce-permanent' : 'bounce-transient', { to: s.email, sendId: s.sendId }) as unknown as Bounce;
    sample.bounce.bounceType = bounceType;
    sample.bounce.bounceSubType = bounceSubType;
    return sample;
  };

  it('a not-spam feedback report is not a complaint: nothing suppressed, consent kept, nothing counted', async () => {
    const s = await welcomed();
    const report = sesSample('complaint', { to: s.email, sendId: s.sendId, messageId: s.messageId }) as unknown as { complaint: { complaintFeedbackType: string } };
    report.complaint.complaintFeedbackType = 'not-spam';

    expect((await replaySes(stack, report)).status).toBe(202);

    expect(await suppressionOf(s.email)).toBeUndefined();
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('confirmed');
    expect((await (await domainContext()).store.listConsent(s.subscriberId)).filter((x) => x.action === 'revoked')).toHaveLength(0);
    expect(await welcomeEvents(s.subscriberId)).toHaveLength(0);
  });

  it.each(['abuse', 'fraud', 'other', 'virus'])('a %s complaint suppresses', async (type) => {
    const s = await welcomed();
    const report = sesSample('complaint', { to: s.email, sendId: s.sendId }) as unknown as { complaint: { complaintFeedbackType: string } };
    report.complaint.complaintFeedbackType = type;

    await replaySes(stack, report);

    expect(await suppressionOf(s.email)).toMatchObject({ reason: 'complaint' });
  });

  it.each([
    { bounceType: 'Permanent', sub: 'General', times: 1, suppressed: 'bounce-permanent' },
    { bounceType: 'Permanent', sub: 'NoEmail', times: 1, suppressed: 'bounce-permanent' },
    { bounceType: 'Permanent', sub: 'Suppressed', times: 1, suppressed: 'bounce-permanent' },
    { bounceType: 'Permanent', sub: 'OnAccountSuppressionList', times: 1, suppressed: 'bounce-permanent' },
    { bounceType: 'Transient', sub: 'MailboxFull', times: 1, suppressed: undefined },
    { bounceType: 'Transient', sub: 'General', times: 2, suppressed: undefined },
    { bounceType: 'Transient', sub: 'MessageTooLarge', times: 4, suppressed: undefined },
    { bounceType: 'Transient', sub: 'ContentRejected', times: 4, suppressed: undefined },
    { bounceType: 'Transient', sub: 'AttachmentRejected', times: 4, suppressed: undefined },
    { bounceType: 'Undetermined', sub: 'Undetermined', times: 4, suppressed: undefined },
  ])('$bounceType/$sub ×$times → suppressed: $suppressed', async ({ bounceType, sub, times, suppressed }) => {
    const s = await welcomed();

    for (let i = 0; i < times; i++) expect((await replaySes(stack, bounceOf(s, bounceType, sub))).status).toBe(202);

    expect((await suppressionOf(s.email))?.reason).toBe(suppressed);
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe(suppressed ? 'suppressed' : 'confirmed');
    expect((await welcomeEvents(s.subscriberId)).filter((e) => e.kind === 'bounced')).toHaveLength(times);
  });

  it('matches the recipient through the message tags, not the address SES reports', async () => {
    const s = await welcomed();
    const bystander = `forwarded-${randomUUID()}@relay.example.net`;

    await replaySes(stack, sesSample('bounce-permanent', { to: bystander, sendId: s.sendId }));

    expect(await suppressionOf(s.email)).toMatchObject({ reason: 'bounce-permanent' });
    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('suppressed');
    expect(await suppressionOf(bystander)).toBeUndefined();
  });

  it('matches through the subscriber tag the mailer sets when the outbox row is not found', async () => {
    const s = await welcomed();
    expect(sent(stack, { to: s.email }).at(-1)?.tags?.subscriber).toBe(s.subscriberId);

    await replaySes(stack, sesSample('complaint', { to: s.email.toUpperCase(), subscriberTag: s.subscriberId }));

    expect((await subscriberRow(stack, s.subscriberId))?.emailStatus).toBe('suppressed');
    expect(await suppressionOf(s.email)).toMatchObject({ reason: 'complaint' });
  });

  it('counts the same SES event once when SNS delivers it under two message ids', async () => {
    const s = await welcomed();
    const event = bounceOf(s, 'Transient', 'MailboxFull');

    await replaySes(stack, event, randomUUID());
    await replaySes(stack, event, randomUUID());
    await replaySes(stack, event, randomUUID());

    const counterPk = keys.softBounces((await domainContext()).hasher.hash('email', s.email)).pk;
    expect((await itemsOfType(stack, 'softBounces')).find((x) => x.pk === counterPk)?.bounces).toBe(1);
    expect((await welcomeEvents(s.subscriberId)).filter((e) => e.kind === 'bounced')).toHaveLength(1);
    expect(await suppressionOf(s.email)).toBeUndefined();
  });

  it('lets a soft-bounce counter expire by itself, though TTL never deleted it', async () => {
    const s = await welcomed();
    const bounce = async () => {
      const b = bounceOf(s, 'Transient', 'MailboxFull');
      b.bounce.timestamp = stack.clock.now().toISOString(); // a new event each time
      await replaySes(stack, b);
    };
    await bounce();
    await bounce();
    const counterPk = keys.softBounces((await domainContext()).hasher.hash('email', s.email)).pk;

    stack.clock.jumpTo(new Date(stack.clock.now().getTime() + 91 * 86_400_000));
    await bounce();

    const counter = (await itemsOfType(stack, 'softBounces')).find((x) => x.pk === counterPk);
    expect(counter?.bounces).toBe(1); // started again: the row outlived its expiry (DynamoDB Local never deletes)
    expect(await suppressionOf(s.email)).toBeUndefined();
    await bounce();
    await bounce();
    expect(await suppressionOf(s.email)).toMatchObject({ reason: 'bounce-transient' }); // and still counts within a window
  });
});
