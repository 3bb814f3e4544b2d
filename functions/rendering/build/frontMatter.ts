/**
 * Front matter of template files: the YAML between two `---` lines at the top, validated by zod.
 *
 * Email: subject, preheader, kind, audience, why, facts, sources. SMS: kind (and facts, which
 * must stay empty: P12, an SMS never states facts). Build-time only.
 */
import { parse } from 'yaml';
import * as z from 'zod';

const FactId = z.string().regex(/^(F|R)\d+$/, 'fact ids look like F12 or R1');
const SourceId = z.string().regex(/^S\d+$/, 'source ids look like S3');
// Liquid inside a subject or preheader must use single quotes: mjml copies the subject into
// an HTML attribute (aria-label), where a double quote would end the attribute.
const InlineText = z.string().min(1).refine((s) => !/[<>"]/.test(s), 'no <, > or " (use single quotes in Liquid)');

export const EmailFrontMatter = z
  .object({
    subject: InlineText.refine((s) => s.length < 60, 'subject must be under 60 characters'),
    preheader: InlineText.refine((s) => s.length >= 20 && s.length <= 140, 'preheader needs 20 to 140 characters'),
    /** `sequence`: a drip step (exactly one call to action); `system`: confirmations and notices. */
    kind: z.enum(['sequence', 'system']),
    /** `clinic`: sent to the clinic's own inbox (no unsubscribe: it is not a subscription). */
    audience: z.enum(['patient', 'clinic']).default('patient'),
    /** Why the reader gets this email; shown in the footer (Liquid allowed). */
    why: z.string().min(10).optional(),
    facts: z.array(FactId).default([]),
    sources: z.array(SourceId).default([]),
  })
  .strict()
  .refine((fm) => fm.audience === 'clinic' || fm.why !== undefined, { message: 'patient emails need `why`', path: ['why'] });
export type EmailFrontMatter = z.infer<typeof EmailFrontMatter>;

export const SmsFrontMatter = z
  .object({
    /** `drip`: a sequence companion (must carry the STOP hint); `system`: keyword replies and notices. */
    kind: z.enum(['drip', 'system']),
    facts: z.array(FactId).max(0, 'an SMS states no facts (P12)').default([]),
  })
  .strict();
export type SmsFrontMatter = z.infer<typeof SmsFrontMatter>;

/** Splits `---\nyaml\n---\nbody` into its parts; a file without front matter has `{}`. */
export const splitFrontMatter = (source: string): { data: unknown; body: string } => {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) return { data: {}, body: source };
  return { data: parse(match[1] ?? '') ?? {}, body: match[2] ?? '' };
};
