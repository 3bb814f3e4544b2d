/**
 * Starts a local stack for one test file against the shared DynamoDB Local, with a table of
 * its own, and small helpers to read what it sent. No assertions about product behaviour.
 */
import { randomUUID } from 'node:crypto';
import { loadDefaultClinicProfile } from '../../functions/rendering/clinicProfile.js';
import { inject } from 'vitest';
import { IAM_RECORD_DIR } from './iamRecordDir.js';
import { UNLIMITED_CEILINGS } from './unlimitedCeilings.js';
import { type LocalStack, startLocalStack } from '../../local/localStack.js';
import { issueFormToken, MIN_FILL_SECONDS } from '../../functions/domain/signup/formTimeTrap.js';
import { domainContext } from '../../functions/wiring.js';
import type { OutboxEntry } from '../../local/Outbox.js';

/**
 * The shipped clinic profile with no closed days. Suites play weeks of simulated time from today's
 * date; with the holiday calendar their timelines would depend on the day they run. Closed days
 * are tested where they are the subject (staffClinic, unit tests on fixed dates), with the shipped
 * calendar: pass `CARECAST_CLINIC: shippedClinic` in `env`.
 */
export const shippedClinic = JSON.stringify(loadDefaultClinicProfile());
const OPEN_EVERY_DAY_CLINIC = JSON.stringify({ ...loadDefaultClinicProfile(), closedDays: { federalHolidays: false, yearly: [], dates: [], openDates: [] } });

export const startTestStack = (env: Record<string, string> = {}): Promise<LocalStack> => {
  // Tests choose their client IP (x-carecast-test-ip); npm start never trusts that header.
  process.env.CARECAST_TRUST_TEST_IP = '1';
  // Every AWS call a handler makes is recorded for the IAM simulation (tests/iam).
  process.env.CARECAST_IAM_RECORD_DIR = IAM_RECORD_DIR;
  return startLocalStack({
    memory: true,
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `t-${randomUUID()}`,
    env: { CARECAST_RATE_LIMIT_PER_MINUTE: '100000', CARECAST_LOG_LEVEL: 'WARN', CARECAST_CLINIC: OPEN_EVERY_DAY_CLINIC, ...UNLIMITED_CEILINGS, ...env },
  });
};

let ipCounter = 0;
/** A distinct client IP per call, so the per-IP rate limit only bites where a test wants it. */
export const nextTestIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/**
 * A signup form token as the page issues one (issueFormToken with the stack's LinkTokens), rendered
 * at a simulated time MIN_FILL_SECONDS + 2 s ago: the person took that long to fill the form.
 */
export const signupFormToken = async (stack: LocalStack): Promise<string> =>
  issueFormToken((await domainContext()).tokens, new Date(stack.clock.now().getTime() - (MIN_FILL_SECONDS + 2) * 1000));

/**
 * POSTs JSON with a fresh client IP. A signup (`/api/subscribe`) body with no `formToken` key gets
 * a fresh one (signupFormToken), as the page's script sends; a test of a post without a token
 * says so with `formToken: undefined` (the key is present, JSON leaves it out).
 */
export const postJson = async (stack: LocalStack, path: string, body: unknown, headers: Record<string, string> = {}) => {
  const withToken =
    path === '/api/subscribe' && typeof body === 'object' && body !== null && !Array.isArray(body) && !('formToken' in body)
      ? { ...body, formToken: await signupFormToken(stack) }
      : body;
  return fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-carecast-test-ip': nextTestIp(), ...headers },
    body: typeof withToken === 'string' ? withToken : JSON.stringify(withToken),
  });
};

/** A no-JavaScript signup form post (urlencoded, same origin, fresh client IP); the answer is not followed. */
export const postSignupForm = (stack: LocalStack, fields: Record<string, string>) =>
  fetch(`${stack.baseUrl}/api/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl, 'x-carecast-test-ip': nextTestIp() },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });

/**
 * True for an SES SendRawEmail call addressed to `email`. Faults and counts are scoped to one recipient: the
 * stack is shared by the whole file, so whatever else falls due in a test's time advance (which depends on the
 * wall-clock time of day and on load) must not consume the fault or move the count.
 */
export const sesSendTo = (p: URLSearchParams, email: string) =>
  p.get('Action') === 'SendRawEmail' && p.get('Destinations.member.1')?.toLowerCase() === email.toLowerCase();

export const sent = (stack: LocalStack, filter: Partial<Pick<OutboxEntry, 'channel' | 'to'>> = {}): OutboxEntry[] =>
  stack.outbox.all().filter((e) => (!filter.channel || e.channel === filter.channel) && (!filter.to || e.to === filter.to));

/** The confirmation link from the latest confirmation email to `to`. */
export const confirmLinkFor = (stack: LocalStack, to: string): string => {
  const mail = sent(stack, { channel: 'email', to }).filter((e) => e.text?.includes('/api/confirm?')).at(-1);
  const link = mail?.text?.match(/https?:\/\/[^\s\])>]+\/api\/confirm\?[^\s\])>]+/)?.[0];
  if (!link) throw new Error(`No confirmation link sent to ${to}`);
  return link;
};

/**
 * Confirms as a person does: opens the link (a page with one button, which changes nothing) and
 * presses the button (a form POST of the page's token). Returns the final page after the 303.
 */
export const pressConfirm = async (link: string, headers: Record<string, string> = {}): Promise<Response> => {
  const page = await fetch(link.replaceAll('&amp;', '&'), { headers });
  if (page.status !== 200) return page;
  const html = await page.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!token || !action) return new Response(html, { status: 200 });
  return fetch(new URL(action.replaceAll('&amp;', '&'), link), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token: token.replaceAll('&amp;', '&') }).toString(),
  });
};

/** Confirms the latest confirmation email to `to` through its button. */
export const confirmByEmail = (stack: LocalStack, to: string, headers: Record<string, string> = {}) => pressConfirm(confirmLinkFor(stack, to), headers);

export const signupBody = (over: Record<string, unknown> = {}) => ({
  firstName: 'Ana',
  email: `ana+${randomUUID().slice(0, 8)}@example.com`,
  language: 'en',
  timezone: 'America/Los_Angeles',
  consentEmail: true,
  ...over,
});

/** Every item in the stack's table (tests only: the product itself never scans). */
export const tableItems = async (stack: LocalStack): Promise<Record<string, unknown>[]> => {
  const { ScanCommand } = await import('@aws-sdk/client-dynamodb');
  const { unmarshall } = await import('@aws-sdk/util-dynamodb');
  const { localDynamoClient } = await import('../../local/dynamoDbLocal.js');
  const client = localDynamoClient(stack.dynamoEndpoint);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const r = await client.send(new ScanCommand({ TableName: stack.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(r.Items ?? []).map((i) => unmarshall(i)));
    start = r.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return items;
};

export const itemsOfType = async (stack: LocalStack, type: string) => (await tableItems(stack)).filter((i) => i.type === type);

/** A person's browser (Safari on macOS): what a human click sends, so click classification counts it as a person's. */
export const PERSON_USER_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
