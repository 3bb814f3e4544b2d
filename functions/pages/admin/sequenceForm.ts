/** The sequence edit form as the API's SequenceEdit body, and domain error paths back as form field names. */
import { isDefaultWindow, type SequenceDefinition } from '../../domain/scheduling/SequenceDefinition.js';
import { WEEKDAY_NAMES } from './sequencePages.js';

const optional = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/**
 * The edit form's fields (`step.<i>.after`, `step.<i>.day.<Mon>`, `basedOn`, `note`…) on top of the
 * version the form started from. A window equal to its channel's default is left out, so the step
 * follows the default (SequenceDefinition.isDefaultWindow).
 * @returns an unvalidated SequenceEdit body (the caller parses it with SequenceEditBody).
 */
export const sequenceEditFromForm = (definition: SequenceDefinition, f: Record<string, string>) => {
  const steps = definition.steps.map((s, i) => {
    const p = `step.${i}`;
    const channel = f[`${p}.channel`] ?? s.channel;
    const window = { days: WEEKDAY_NAMES.filter((day) => f[`${p}.day.${day}`] === 'on'), start: f[`${p}.start`] ?? '', end: f[`${p}.end`] ?? '' };
    const isDefault = isDefaultWindow(definition, channel as 'email' | 'sms', window);
    return { id: s.id, after: f[`${p}.after`] ?? '', channel, template: f[`${p}.template`] ?? '', ...(isDefault ? {} : { sendWindow: window }) };
  });
  return { basedOn: Number(f.basedOn), ...(optional(f.note) ? { note: f.note } : {}), definition: { ...definition, steps } };
};

/** `definition.steps.2.after` (domain) → `step.2.after` (form field). */
export const formFieldsOf = (fields: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^definition\.steps\./, 'step.'), v]));
