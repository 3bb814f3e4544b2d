/**
 * Request bodies of the console's message editor (issue 14), for the JSON API, the HTML forms and
 * the OpenAPI document. The shape is checked here; what the words may say (merge fields, links,
 * lengths, size) is checked by domain/messages/compileMessage.ts, so the live preview shows the
 * same errors a save refuses.
 */
import * as z from 'zod';

const text = (max: number) => z.string().max(max, `At most ${max} characters`);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2027-03-14');

const EmailCopyBody = z
  .object({ subject: text(200), preheader: text(300), body: text(60_000), ctaLabel: text(200).default(''), ctaLink: text(500).default('') })
  .strict();
const SmsCopyBody = z.object({ body: text(2_000) }).strict();

export const MessageName = z.string().trim().min(1, 'Give the message a name').max(80, 'At most 80 characters');

/** The copy of a message in both languages: what the editor saves and previews. */
export const MessageContentBody = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), sources: z.array(z.string().max(10)).max(20).default([]), copy: z.object({ en: EmailCopyBody, es: EmailCopyBody }).strict() }).strict(),
  z.object({ channel: z.literal('sms'), copy: z.object({ en: SmsCopyBody, es: SmsCopyBody }).strict() }).strict(),
]);

export const CreateMessageBody = z
  .object({
    name: MessageName,
    channel: z.enum(['email', 'sms'], { error: 'Choose email or sms' }),
    /** A shipped template to start from (its copy becomes the first draft). */
    copyOf: z.string().regex(/^[a-z0-9-]+$/).max(64).optional(),
  })
  .strict();

export const SaveMessageBody = z
  .object({
    /** The head revision the edit started from; another save in between is a 409. */
    revision: z.number().int().nonnegative(),
    name: MessageName,
    content: MessageContentBody,
  })
  .strict();

export const SubmitMessageBody = z.object({ revision: z.number().int().nonnegative() }).strict();

export const ApproveMessageBody = z
  .object({
    /** The draft revision the reviewer read; a later edit makes this a 409. */
    revision: z.number().int().nonnegative(),
    /** Name and credentials as shown in the email, e.g. "Ana Ruiz, MD". */
    displayName: z.string().trim().min(3, 'Give your name and credentials, e.g. "Ana Ruiz, MD"').max(80).refine((s) => !/[{}<>"]/.test(s), 'Plain words only (no {, }, <, > or ")'),
    showInEmail: z.boolean(),
    reviewAgainBy: isoDate,
  })
  .strict();
