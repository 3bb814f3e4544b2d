/**
 * Builders for the recipient-action tests (issue 5): confirmed subscribers, the links they
 * received, SES notification samples and a held send queue. No assertions about behaviour.
 */
import { tableInspector } from '../../local/tableInspector.js';
import { asHandler } from '../../functions/adapters/aws/sdkCallRecorder.js';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { confirmByEmail, itemsOfType, postJson, sent, signupBody } from './testStack.js';
import { stepsOf } from '../../functions/domain/scheduling/stepsOf.js';

let phoneSeq = 200;
/** A fresh valid US mobile number in the fictional 555-01xx..555-09xx range. */
export const nextPhone = () => `+1714555${String(phoneSeq++).padStart(4, '0')}`;

export interface TestSubscriber {
  subscriberId: string;
  email: string;
  phone?: string;
  firstName: string;
}

/** Subscribes (email, and SMS when asked) and confirms every channel asked for. */
export const confirmedSubscriber = async (
  stack: LocalStack,
  opts: { sms?: boolean; email?: boolean; firstName?: string; language?: 'en' | 'es' } = {},
): Promise<TestSubscriber> => {
  const phone = opts.sms ? nextPhone() : undefined;
  const firstName = opts.firstName ?? 'Ana';
  const withEmail = opts.email ?? true;
  const body = signupBody({
    firstName,
    language: opts.language ?? 'en',
    consentEmail: withEmail,
    ...(phone ? { phone, consentSms: true } : {}),
  });
  if (!withEmail) delete (body as Record<string, unknown>).email;
  const r = await postJson(stack, '/api/subscribe', body);
  if (r.status !== 202) throw new Error(`signup failed: ${r.status} ${await r.text()}`);
  await stack.settle();
  if (withEmail) await confirmByEmail(stack, body.email as string);
  if (phone) await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' });
  await stack.settle();
  const store = (await domainContext()).store;
  const hasher = (await domainContext()).hasher;
  const id = withEmail
    ? await store.findSubscriberIdByAddress('email', hasher.hash('email', body.email as string), stack.clock.now())
    : await store.findSubscriberIdByAddress('sms', hasher.hash('sms', phone as string), stack.clock.now());
  if (!id) throw new Error('subscriber not found after signup');
  return { subscriberId: id, email: body.email as string, firstName, ...(phone ? { phone } : {}) };
};

/** The https unsubscribe URL from the List-Unsubscribe header of the latest email to `to`. */
export const unsubscribeUrlFor = (stack: LocalStack, to: string): string => {
  const header = sent(stack, { channel: 'email', to }).at(-1)?.headers?.['List-Unsubscribe'] ?? '';
  const url = /<(https?:\/\/[^>]+\/u\/[^>]+)>/.exec(header)?.[1];
  if (!url) throw new Error(`No List-Unsubscribe URL in the latest email to ${to}`);
  return url;
};

/** The first `/c/` link in a text or an email's text part. */
export const clickLinkIn = (text: string | undefined): string => {
  const url = /https?:\/\/[^\s\])>"]+\/c\/[A-Za-z0-9_.-]+/.exec(text ?? '')?.[0];
  if (!url) throw new Error('No tracked link in the message');
  return url;
};

export const subscriberRow = async (stack: LocalStack, subscriberId: string) =>
  (await itemsOfType(stack, 'subscriber')).find((s) => s.subscriberId === subscriberId) as Record<string, unknown> | undefined;

export const oneClick = (url: string, body: 'urlencoded' | 'multipart' = 'urlencoded') => {
  if (body === 'multipart') {
    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');
    return fetch(url, { method: 'POST', body: form, redirect: 'manual' });
  }
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    redirect: 'manual',
  });
};

export const postForm = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

/**
 * A POST with exactly these headers and body bytes (fetch always adds a content type to a string
 * body; some mail clients send none).
 */
export const rawPost = (url: string, headers: Record<string, string>, body: string) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const bytes = Buffer.from(body, 'utf8');
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(bytes.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(bytes);
  });

export type SesSample = 'bounce-permanent' | 'bounce-transient' | 'complaint' | 'delivery' | 'send' | 'reject' | 'delivery-delay' | 'open';

/** An SES sample from tests/fixtures/ses with our recipient, message id and sendId tag. */
export const sesSample = (name: SesSample, over: { to: string; sendId?: string; messageId?: string; subscriberTag?: string }): Record<string, unknown> => {
  const json = readFileSync(new URL(`../fixtures/ses/${name}.json`, import.meta.url), 'utf8')
    .replaceAll('recipient@example.com', over.to)
    .replaceAll('EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000', over.messageId ?? `local-${randomUUID()}`);
  const sample = JSON.parse(json) as { mail: { tags: Record<string, string[]> } };
  if (over.sendId) sample.mail.tags.sendId = [over.sendId];
  else delete sample.mail.tags.sendId;
  if (over.subscriberTag) sample.mail.tags.subscriber = [over.subscriberTag];
  return sample;
};

/** Replays a notification through local mode's SES feedback endpoint. */
export const replaySes = (stack: LocalStack, message: unknown, snsMessageId: string = randomUUID()) =>
  postJson(stack, '/api/dev/ses/notification', { snsMessageId, message });

/** Holds the queue's worker so jobs wait, like messages sitting in SQS; call the result to release. */
export const holdWorker = (stack: LocalStack) => {
  const worker = stack.queue.worker;
  stack.queue.worker = undefined;
  return async () => {
    stack.queue.worker = worker;
    await stack.settle();
  };
};

/** Moves simulated time to the earliest due step without dispatching it. */
export const jumpToNextDue = async (stack: LocalStack) => {
  const next = await tableInspector().earliestDue();
  if (next) stack.clock.jumpTo(new Date(next));
};

/** Runs only the dispatcher (jobs are queued, the held worker does not run them). */
export const dispatchOnly = async () => {
  const { handler } = await import('../../functions/handlers/events/dispatch.js');
  return asHandler('dispatch', () => handler());
};

/** Runs the drip until the subscriber's next step is `stepId` (not yet dispatched). */
export const advanceUntilNextStep = async (stack: LocalStack, subscriberId: string, sequenceId: string, stepId: string) => {
  const deps = await domainContext();
  for (let i = 0; i < 200; i++) {
    const e = await deps.store.getEnrollment(subscriberId, sequenceId);
    if (!e) throw new Error('not enrolled');
    if ((await stepsOf(deps, e))[e.nextStepIndex]?.id === stepId) return e;
    await jumpToNextDue(stack);
    await stack.runDispatcher();
  }
  throw new Error(`never reached ${stepId}`);
};
