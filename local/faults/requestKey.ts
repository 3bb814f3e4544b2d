/**
 * What an SDK request is about, as a string the fault injector hashes (issue 13). For SES and SNS
 * the key is the recipient and the message as the harness would recognise them, not the parts that
 * change from run to run (send ids, MIME boundaries, tracked-link tokens), so a seeded run meets the
 * same provider faults on the same messages whatever the scheduling. DynamoDB requests carry the
 * run's random ids anyway; their body is the key.
 */

const URL_PATTERN = /https?:\/\/\S+/g;

/** SES and SNS use the AWS Query protocol: a form-encoded body. */
const formOf = (body: string): URLSearchParams => new URLSearchParams(body);

const membersOf = (form: URLSearchParams, prefix: string): string[] => {
  const out: string[] = [];
  for (let i = 1; form.has(`${prefix}.${i}`); i++) out.push(form.get(`${prefix}.${i}`) as string);
  return out;
};

/** SES: the destinations and the message tags but `sendId` (for SendEmail, the subject instead of tags). */
const sesKey = (form: URLSearchParams): string => {
  const tags: string[] = [];
  for (let i = 1; form.has(`Tags.member.${i}.Name`); i++) {
    const name = form.get(`Tags.member.${i}.Name`);
    if (name !== 'sendId') tags.push(`${name}=${form.get(`Tags.member.${i}.Value`)}`);
  }
  const to = [...membersOf(form, 'Destinations.member'), ...membersOf(form, 'Destination.ToAddresses.member')];
  return [form.get('Action'), to.join(','), tags.sort().join(','), form.get('Message.Subject.Data') ?? ''].join('|');
};

/** SNS: the phone number and the text without its links (tracked-link tokens differ per run). */
const snsKey = (form: URLSearchParams): string =>
  [form.get('Action'), form.get('PhoneNumber') ?? form.get('phoneNumber') ?? '', (form.get('Message') ?? '').replace(URL_PATTERN, '<link>')].join('|');

/** The request body as text (the SDK hands the middleware a string or bytes). */
export const bodyText = (body: unknown): string =>
  typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : '';

/** The stable key of one SDK request to `service`, from its body. */
export const requestKey = (service: 'ses' | 'sns' | 'dynamodb', body: unknown): string => {
  const text = bodyText(body);
  if (service === 'dynamodb') return text;
  const form = formOf(text);
  return service === 'ses' ? sesKey(form) : snsKey(form);
};
