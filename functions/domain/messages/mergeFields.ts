/**
 * The merge fields staff may put in console-written copy, offered as a list in the editor. Each
 * names a value of the send-time MergeContext (rendering/mergeContext.ts); anything else is an
 * error at save time, never a blank in a patient's inbox. Retired names stay listed with what
 * replaced them, so an old draft gets a useful message.
 */
import type { MessageChannel } from '../ports/staff/consoleMessages.js';

export interface MergeField {
  /** The Liquid variable, e.g. `subscriber.firstName`. */
  name: string;
  /** What the editor inserts. */
  insert: string;
  label: string;
  /** `link`: may be a link target or the button's link; `text`: words in the copy. */
  kind: 'text' | 'link';
  channels: MessageChannel[];
}

export const mergeFields: readonly MergeField[] = [
  { name: 'subscriber.firstName', insert: "{{ subscriber.firstName | default: 'there' }}", label: 'First name (with a fallback word)', kind: 'text', channels: ['email', 'sms'] },
  { name: 'clinic.name', insert: '{{ clinic.name }}', label: 'Clinic name', kind: 'text', channels: ['email', 'sms'] },
  { name: 'clinic.programName', insert: '{{ clinic.programName }}', label: 'Program name', kind: 'text', channels: ['email', 'sms'] },
  { name: 'clinic.phone', insert: '{{ clinic.phone }}', label: 'Clinic phone', kind: 'text', channels: ['email', 'sms'] },
  { name: 'clinic.email', insert: '{{ clinic.email }}', label: 'Clinic email', kind: 'text', channels: ['email'] },
  { name: 'clinic.website', insert: '{{ clinic.website }}', label: 'Clinic website', kind: 'link', channels: ['email', 'sms'] },
  { name: 'links.booking', insert: '{{ links.booking }}', label: 'Consultation request page (tracked link)', kind: 'link', channels: ['email', 'sms'] },
  { name: 'links.preferences', insert: '{{ links.preferences }}', label: 'Email preferences page', kind: 'link', channels: ['email'] },
];

/** Names that used to work, and what to use instead. */
export const retiredMergeFields: Readonly<Record<string, string>> = {
  'clinic.address': 'The clinic has several offices: the footer lists every address, so it was removed',
  'subscriber.name': 'It was removed: use subscriber.firstName',
  'links.book': 'It was removed: use links.booking',
};

// `name` or `name | default: 'words'`: the one filter copy needs (a fallback for a missing first name).
const EXPRESSION = /^([A-Za-z][\w.]*)\s*(?:\|\s*default:\s*'[^'{}<>]*'\s*)?$/;

/** The problem with one merge-field expression (without braces), or undefined when it is fine. */
export const mergeFieldProblem = (expression: string, channel: MessageChannel): string | undefined => {
  const m = EXPRESSION.exec(expression.trim());
  if (!m) return `"{{ ${expression} }}" is not a merge field: pick one from the list (only | default: '…' may follow it)`;
  const name = m[1] as string;
  const retired = retiredMergeFields[name];
  if (retired) return `{{ ${name} }}: ${retired}`;
  const field = mergeFields.find((f) => f.name === name);
  if (!field) return `Unknown merge field {{ ${name} }}: pick one from the list`;
  if (!field.channels.includes(channel)) return `{{ ${name} }} is not available in a text message`;
  return undefined;
};

/** The link merge field an href is, if it is exactly one (`{{ links.booking }}`). */
export const linkMergeField = (href: string): MergeField | undefined => {
  const m = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(href.trim());
  return m ? mergeFields.find((f) => f.name === m[1] && f.kind === 'link') : undefined;
};
