/**
 * Preview and test: render any template in either language with sample data (or a chosen
 * subscriber's first name), and send a test to a staff address or phone. Previews use sample
 * links, never a subscriber's signed ones, so clicking around a preview changes nothing. Test
 * messages are marked as tests in the subject and body, go straight to the provider (no outbox,
 * no message history) and carry no sequence step, so results never count them.
 */
import { randomUUID } from 'node:crypto';
import { renderEmail, renderSms, UnknownTemplate } from '../../rendering/index.js';
import type { Language, MergeContext } from '../../rendering/index.js';
import { sampleMergeContext } from '../../rendering/merge/sampleMergeContext.js';
import { recordAudit } from './auditLog.js';
import { publishedTemplates } from '../messages/publishedTemplates.js';
import { composeEmail, composeText } from '../sending/composeMessage.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import type { DomainContext } from '../core/domainContext.js';
import { InvalidInput, NotFound } from '../core/errors.js';
import type { Channel, Subscriber } from '../core/model.js';
import { normaliseEmail, normalisePhone } from '../signup/SignupForm.js';

/** A template id, its channel and language, and optionally a subscriber whose first name fills the preview. */
export interface PreviewRequest {
  template: string;
  channel: Channel;
  language: Language;
  subscriberId?: string;
}

/** The rendered preview: subject, HTML and text for an email; the text alone for an SMS. */
export interface Preview {
  channel: Channel;
  subject?: string;
  html?: string;
  text: string;
}

/** Prefix of every staff test message's subject and body. */
export const TEST_SUBJECT_PREFIX = '[TEST]';
const TEST_NOTE = {
  en: 'TEST MESSAGE from the staff console: not sent to patients and not counted in results.',
  es: 'MENSAJE DE PRUEBA de la consola del personal: no se envía a pacientes ni cuenta en los resultados.',
} as const;

const unknownTemplate = (req: { channel: Channel; template: string }) =>
  new InvalidInput({ template: `No ${req.channel === 'sms' ? 'SMS' : 'email'} template named "${req.template}"` });

/**
 * Renders a preview. With `subscriberId` it uses that subscriber's data, which is an access to
 * personal data: it is written to the audit log (P9, issue 12) with ids only.
 */
export const previewTemplate = async (deps: DomainContext, req: PreviewRequest, actor: StaffActor): Promise<Preview> => {
  let firstName: string | null | undefined;
  if (req.subscriberId) {
    const s = await deps.store.getSubscriber(req.subscriberId, deps.clock.now());
    if (!s) throw new NotFound('subscriber');
    firstName = s.firstName ?? null;
    await recordAudit(deps, actor, 'template.preview-with-subscriber', `subscriber:${req.subscriberId}`, {
      after: { template: req.template, channel: req.channel, language: req.language },
    });
  }
  const sample = sampleMergeContext(req.language, deps.settings.clinic);
  const ctx: MergeContext = { ...sample, subscriber: { firstName: firstName === undefined ? (sample.subscriber.firstName ?? null) : firstName } };
  try {
    const opts = { published: publishedTemplates(deps.store) };
    if (req.channel === 'sms') return { channel: 'sms', text: (await renderSms(req.template, req.language, ctx, opts)).body };
    const e = await renderEmail(req.template, req.language, ctx, opts);
    return { channel: 'email', subject: e.subject, html: e.html, text: e.text };
  } catch (err) {
    if (err instanceof UnknownTemplate) throw unknownTemplate(req);
    throw err;
  }
};

/** Marks the rendered email as a test in subject, HTML and text. */
const markEmail = (html: string, text: string, language: Language) => ({
  html: html.replace(/<body([^>]*)>/i, `<body$1><div style="background:#fff3cd;color:#1a1a1a;padding:12px;font:16px sans-serif;border:2px solid #a36b00">${TEST_NOTE[language]}</div>`),
  text: `${TEST_NOTE[language]}\n\n${text}`,
});

/**
 * Sends one test message.
 * @param allowed addresses and numbers tests may go to (config), besides the staff member's own email
 */
export const sendTestMessage = async (
  deps: DomainContext,
  actor: StaffActor,
  req: PreviewRequest & { to: string },
  allowed: string[],
): Promise<{ to: string; providerMessageId: string }> => {
  const to = req.channel === 'email' ? normaliseEmail(req.to) : normalisePhone(req.to);
  if (!to) throw new InvalidInput({ to: req.channel === 'email' ? 'Enter a valid email address' : 'Enter a valid US mobile number' });
  const permitted = new Set([...allowed.map((a) => (a.includes('@') ? normaliseEmail(a) : normalisePhone(a))), actor.email && normaliseEmail(actor.email)]);
  if (!permitted.has(to)) throw new InvalidInput({ to: 'Tests go only to staff addresses on the test list or to your own email' });

  const recipient: Subscriber = {
    subscriberId: 'staff-test',
    ...(req.channel === 'email' ? { email: to } : { phone: to }),
    firstName: req.language === 'es' ? 'María' : 'Maria',
    language: req.language,
    timezone: deps.settings.clinic.timezone,
    emailStatus: 'confirmed',
    smsStatus: 'confirmed',
    createdAt: deps.clock.now().toISOString(),
  };
  const origin = { sendId: `test-${randomUUID()}` };
  let providerMessageId: string;
  try {
    if (req.channel === 'email') {
      const email = await composeEmail(deps, recipient, req.template, origin);
      const marked = markEmail(email.html, email.text, req.language);
      ({ providerMessageId } = await deps.mailer.send({
        ...email,
        subject: `${TEST_SUBJECT_PREFIX} ${email.subject}`,
        ...marked,
        tags: { sendId: origin.sendId, sequence: 'test', step: req.template },
      }));
    } else {
      const text = await composeText(deps, recipient, req.template, origin, 'transactional');
      ({ providerMessageId } = await deps.texter.send({ ...text, body: `${TEST_SUBJECT_PREFIX} ${text.body}` }));
    }
  } catch (err) {
    if (err instanceof UnknownTemplate) throw unknownTemplate(req);
    throw err;
  }
  await recordAudit(deps, actor, 'template.test-send', `template:${req.channel}:${req.template}`, {
    after: { language: req.language, to: req.channel === 'email' ? to.replace(/^(.).*@/, '$1…@') : `…${to.slice(-4)}` },
  });
  return { to, providerMessageId };
};
