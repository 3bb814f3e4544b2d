/**
 * Console messages (issue 14): every bad edit is refused with a field-level error and changes
 * nothing (no draft, same revision, no audit row); review rules (a second admin approves the
 * exact revision they read); only published versions reach the renderer.
 */
import { describe, expect, it } from 'vitest';
import { ApproveMessageBody, SaveMessageBody } from '../../../../functions/contract/messageSchemas.js';
import { messageChoices } from '../../../../functions/domain/console/messageChoices.js';
import { Conflict, type DomainError, InvalidInput } from '../../../../functions/domain/core/errors.js';
import { MAX_SMS_SEGMENTS } from '../../../../functions/domain/messages/compileMessage.js';
import { publishedTemplates } from '../../../../functions/domain/messages/publishedTemplates.js';
import { approveMessage } from '../../../../functions/domain/messages/reviewMessage.js';
import { createMessage, saveMessageDraft, submitMessageForReview } from '../../../../functions/domain/messages/writeMessage.js';
import type { StaffActor } from '../../../../functions/domain/ports/staff/auditLog.js';
import type { EmailCopy } from '../../../../functions/domain/ports/staff/consoleMessages.js';
import { composeEmail, composeText } from '../../../../functions/domain/sending/composeMessage.js';
import { renderEmail, UnknownTemplate } from '../../../../functions/rendering/index.js';
import { sampleMergeContext } from '../../../../functions/rendering/merge/sampleMergeContext.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const writer: StaffActor = { sub: 'u-writer', name: 'writer', role: 'admin' };
const reviewer: StaffActor = { sub: 'u-reviewer', name: 'reviewer', role: 'admin' };

const emailCopy = (over: Partial<EmailCopy> = {}): EmailCopy => ({
  subject: 'Winter and your neck',
  preheader: 'Three short tips for cold days, and how to reach us.',
  body: "# Winter and your neck\n\nHi {{ subscriber.firstName | default: 'there' }},\n\n- Keep your neck warm.\n- Move gently each day.\n\nMore on [our website]({{ clinic.website }}).",
  ctaLabel: 'Ask for a visit',
  ctaLink: '{{ links.booking }}',
  ...over,
});
const emailContent = (en: Partial<EmailCopy> = {}, sources = ['S1']) => ({
  channel: 'email' as const,
  sources,
  copy: { en: emailCopy(en), es: emailCopy({ subject: 'El invierno y su cuello', preheader: 'Tres consejos breves para los días fríos.', body: '# El invierno\n\nMantenga el cuello abrigado.', ctaLabel: 'Pida una cita' }) },
});
const smsContent = (en = 'Cold days can make neck muscles tighter. Questions? Call {{ clinic.phone }}.') => ({
  channel: 'sms' as const,
  copy: { en: { body: en }, es: { body: 'El frío puede tensar el cuello. ¿Preguntas? Llame al {{ clinic.phone }}.' } },
});

const setup = async () => {
  const m = memoryDomain();
  const email = await createMessage(m.ctx, writer, { name: 'Winter check-in', channel: 'email' });
  const sms = await createMessage(m.ctx, writer, { name: 'Winter text', channel: 'sms' });
  return { ...m, email, sms };
};

/** The domain error a call throws (or fails the test). */
const refusal = async (p: Promise<unknown>): Promise<DomainError> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof InvalidInput) && !(err instanceof Conflict)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
};

// Under the 60,000-character field limit, over 102 KB once compiled and rendered (each item becomes a list item with a link).
const longList = Array.from({ length: 2_100 }, () => '- [a]({{ clinic.website }})').join('\n');

describe('bad message edits get a field-level error and change nothing', () => {
  const cases: { case: string; channel: 'email' | 'sms'; content: () => unknown; field: string; message: RegExp }[] = [
    { case: 'empty subject', channel: 'email', content: () => emailContent({ subject: '  ' }), field: 'copy.en.subject', message: /Write a subject/ },
    { case: 'subject too long for a phone', channel: 'email', content: () => emailContent({ subject: 'x'.repeat(70) }), field: 'copy.en.subject', message: /under 60 characters/ },
    { case: 'preheader too short', channel: 'email', content: () => emailContent({ preheader: 'Hi' }), field: 'copy.en.preheader', message: /20 to 140/ },
    { case: 'a link off the allow-list', channel: 'email', content: () => emailContent({ body: 'See [this](https://evil.example/x).' }), field: 'copy.en.body', message: /not on the allow-list/ },
    { case: 'a bare URL off the allow-list', channel: 'email', content: () => emailContent({ body: 'See https://evil.example/x today.' }), field: 'copy.en.body', message: /not on the allow-list/ },
    { case: 'an unknown merge field', channel: 'email', content: () => emailContent({ body: 'Hi {{ subscriber.lastName }}' }), field: 'copy.en.body', message: /Unknown merge field \{\{ subscriber\.lastName \}\}/ },
    { case: 'a removed merge field', channel: 'email', content: () => emailContent({ body: 'Visit {{ clinic.address }}' }), field: 'copy.en.body', message: /clinic\.address.*removed/ },
    { case: 'a removed merge field in the subject', channel: 'email', content: () => emailContent({ subject: 'Hi {{ subscriber.name }}' }), field: 'copy.en.subject', message: /removed/ },
    { case: 'a Liquid tag', channel: 'email', content: () => emailContent({ body: '{% if subscriber.firstName %}Hi{% endif %}' }), field: 'copy.en.body', message: /\{% … %\} tags cannot/ },
    { case: 'an unclosed merge field', channel: 'email', content: () => emailContent({ body: 'Hi {{ subscriber.firstName' }), field: 'copy.en.body', message: /not closed/ },
    { case: 'a filter other than default', channel: 'email', content: () => emailContent({ body: 'Hi {{ clinic.name | upcase }}' }), field: 'copy.en.body', message: /not a merge field/ },
    { case: 'raw HTML', channel: 'email', content: () => emailContent({ body: 'Hi <script>alert(1)</script>' }), field: 'copy.en.body', message: /HTML tags are not allowed/ },
    { case: 'an image', channel: 'email', content: () => emailContent({ body: '![x]({{ clinic.website }})' }), field: 'copy.en.body', message: /Images are not supported/ },
    { case: 'a button without its URL', channel: 'email', content: () => emailContent({ ctaLink: '' }), field: 'copy.en.ctaLink', message: /needs a link/ },
    { case: 'a button link off the allow-list', channel: 'email', content: () => emailContent({ ctaLink: 'https://evil.example/' }), field: 'copy.en.ctaLink', message: /not on the allow-list/ },
    { case: 'a javascript: button link', channel: 'email', content: () => emailContent({ ctaLink: 'javascript:alert(1)' }), field: 'copy.en.ctaLink', message: /not on the allow-list/ },
    { case: 'an empty body', channel: 'email', content: () => emailContent({ body: '' }), field: 'copy.en.body', message: /Write the email/ },
    { case: 'an unknown source', channel: 'email', content: () => emailContent({}, ['S999']), field: 'sources', message: /Unknown source S999/ },
    { case: 'an email over Gmail\'s 102 KB clip', channel: 'email', content: () => emailContent({ body: longList }), field: 'copy.en.body', message: /Gmail cuts emails over 102 KB/ },
    { case: 'an over-long text', channel: 'sms', content: () => smsContent('Please read this. '.repeat(40)), field: 'copy.en.body', message: new RegExp(`keep it to ${MAX_SMS_SEGMENTS} at most`) },
    { case: 'an empty text', channel: 'sms', content: () => smsContent('   '), field: 'copy.en.body', message: /Write the text message/ },
    { case: 'a text link off the allow-list', channel: 'sms', content: () => smsContent('See https://bit.ly/x now'), field: 'copy.en.body', message: /not on the allow-list/ },
    { case: 'an email-only merge field in a text', channel: 'sms', content: () => smsContent('Change settings: {{ links.preferences }}'), field: 'copy.en.body', message: /not available in a text message/ },
  ];

  it.each(cases)('$case → $field', async ({ channel, content, field, message }) => {
    const m = await setup();
    const head = channel === 'email' ? m.email : m.sms;
    const auditBefore = (await m.ctx.store.listAudit(100, m.ctx.clock.now())).length;

    const err = await refusal(saveMessageDraft(m.ctx, writer, head.messageId, SaveMessageBody.parse({ revision: head.revision, name: head.name, content: content() })));

    expect(err.code).toBe('invalid_input');
    expect(err.fields[field]).toMatch(message);
    const after = await m.ctx.store.getMessageHead(head.messageId);
    expect(after).toEqual(head);
    expect((await m.ctx.store.listAudit(100, m.ctx.clock.now())).length).toBe(auditBefore);
  });

  it('changing a message\'s channel is refused', async () => {
    const m = await setup();
    const err = await refusal(saveMessageDraft(m.ctx, writer, m.sms.messageId, SaveMessageBody.parse({ revision: 1, name: 'x', content: emailContent() })));
    expect(err.fields.channel).toMatch(/cannot change/);
  });

  it('a save from a stale revision is a conflict and keeps the newer draft', async () => {
    const m = await setup();
    const saved = await saveMessageDraft(m.ctx, writer, m.email.messageId, { revision: 1, name: 'Winter check-in', content: emailContent() });
    const err = await refusal(saveMessageDraft(m.ctx, reviewer, m.email.messageId, { revision: 1, name: 'Mine', content: emailContent({ subject: 'Other words here' }) }));
    expect(err.code).toBe('conflict');
    expect(err.fields.revision).toMatch(/Latest is 2/);
    expect(await m.ctx.store.getMessageHead(m.email.messageId)).toEqual(saved);
  });
});

describe('review before publish', () => {
  const approval = (revision: number, over: Partial<{ displayName: string; showInEmail: boolean; reviewAgainBy: string }> = {}) =>
    ApproveMessageBody.parse({ revision, displayName: 'Ana Ruiz, MD', showInEmail: true, reviewAgainBy: '2027-03-01', ...over });

  const submitted = async () => {
    const m = await setup();
    const saved = await saveMessageDraft(m.ctx, writer, m.email.messageId, { revision: 1, name: 'Winter check-in', content: emailContent() });
    const head = await submitMessageForReview(m.ctx, writer, m.email.messageId, { revision: saved.revision });
    return { ...m, head };
  };

  it('refuses the author\'s own approval, field-level, and publishes nothing', async () => {
    const m = await submitted();
    const err = await refusal(approveMessage(m.ctx, writer, m.email.messageId, approval(m.head.revision)));
    expect(err.fields.approve).toMatch(/another admin/);
    expect(await m.ctx.store.getPublishedMessage(m.email.messageId)).toBeUndefined();
    expect(await m.ctx.store.getMessageHead(m.email.messageId)).toEqual(m.head);
  });

  it('refuses approving a draft that was not submitted', async () => {
    const m = await setup();
    const saved = await saveMessageDraft(m.ctx, writer, m.email.messageId, { revision: 1, name: 'Winter check-in', content: emailContent() });
    const err = await refusal(approveMessage(m.ctx, reviewer, m.email.messageId, approval(saved.revision)));
    expect(err.code).toBe('conflict');
    expect(err.fields.revision).toMatch(/Not submitted/);
  });

  it('refuses an approval of a revision the reviewer did not read', async () => {
    const m = await submitted();
    const err = await refusal(approveMessage(m.ctx, reviewer, m.email.messageId, approval(m.head.revision - 1)));
    expect(err.code).toBe('conflict');
    expect(err.fields.revision).toMatch(/Latest is/);
  });

  it('refuses a review-again date that is not in the future', async () => {
    const m = await submitted();
    const err = await refusal(approveMessage(m.ctx, reviewer, m.email.messageId, approval(m.head.revision, { reviewAgainBy: '2026-01-01' })));
    expect(err.fields.reviewAgainBy).toMatch(/future/);
  });

  it('a second admin publishes it; approving the already-published version again is refused', async () => {
    const m = await submitted();
    const published = await approveMessage(m.ctx, reviewer, m.email.messageId, approval(m.head.revision));
    expect(published.version).toBe(1);
    const head = await m.ctx.store.getMessageHead(m.email.messageId);
    expect(head).toMatchObject({ publishedVersion: 1, reviewAgainBy: '2027-03-01' });
    expect(head?.draft).toBeUndefined();

    const err = await refusal(approveMessage(m.ctx, reviewer, m.email.messageId, approval(head?.revision ?? 0)));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/already published/);

    const audit = (await m.ctx.store.listAudit(100, m.ctx.clock.now())).map((a) => [a.action, a.actor.name]);
    expect(audit).toEqual(expect.arrayContaining([['message.submit', 'writer'], ['message.approve', 'reviewer']]));
  });

  it('only the published version reaches patients: a later draft changes nothing until it is approved', async () => {
    const m = await submitted();
    const ctx = sampleMergeContext('en');
    const published = publishedTemplates(m.ctx.store);
    await expect(renderEmail(m.email.messageId, 'en', ctx, { published })).rejects.toBeInstanceOf(UnknownTemplate);

    await approveMessage(m.ctx, reviewer, m.email.messageId, approval(m.head.revision));
    const head = await m.ctx.store.getMessageHead(m.email.messageId);
    await saveMessageDraft(m.ctx, writer, m.email.messageId, { revision: head?.revision ?? 0, name: 'Winter check-in', content: emailContent({ subject: 'A newer subject line' }) });

    const subscriber = await m.confirmedSubscriber();
    const email = await composeEmail(m.ctx, subscriber, m.email.messageId, { sendId: 's1', sequenceId: 'seq', stepId: 'a' });
    expect(email.subject).toBe('Winter and your neck');
    expect(email.html).toMatch(/Reviewed by Ana Ruiz, MD on March 2, 2026\./);
    expect(email.html).toContain('not medical advice');
    expect(email.html).toContain(`${m.ctx.settings.publicBaseUrl}/u/`);
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((await renderEmail(m.email.messageId, 'es', ctx, { published })).html).toMatch(/Revisado por Ana Ruiz, MD el 2 de marzo de 2026\./);
  });

  it('a published text message is sent with the clinic name first and the STOP line last', async () => {
    const m = await setup();
    const saved = await saveMessageDraft(m.ctx, writer, m.sms.messageId, { revision: 1, name: 'Winter text', content: smsContent() });
    const sub = await submitMessageForReview(m.ctx, writer, m.sms.messageId, { revision: saved.revision });
    await approveMessage(m.ctx, reviewer, m.sms.messageId, approval(sub.revision));
    const subscriber = await m.confirmedSubscriber({ language: 'es' });
    const text = await composeText(m.ctx, subscriber, m.sms.messageId, { sendId: 's2', sequenceId: 'seq', stepId: 'b' }, 'promotional');
    expect(text.body).toBe(`SoCal Pain Center: El frío puede tensar el cuello. ¿Preguntas? Llame al ${m.ctx.settings.clinic.phone}. Responda STOP para cancelar.`);
  });

  it('offers only published console messages as choices for steps and broadcasts', async () => {
    const m = await submitted();
    expect((await messageChoices(m.ctx, 'email')).map((c) => c.id)).not.toContain(m.email.messageId);
    await approveMessage(m.ctx, reviewer, m.email.messageId, approval(m.head.revision));
    const choices = await messageChoices(m.ctx, 'email');
    expect(choices).toContainEqual({ id: m.email.messageId, name: 'Winter check-in', channel: 'email', languages: ['en', 'es'], source: 'console' });
    expect(choices).toContainEqual(expect.objectContaining({ id: 'symptoms', source: 'shipped' }));
    expect((await messageChoices(m.ctx, 'sms')).map((c) => c.id)).not.toContain(m.email.messageId);
  });
});
