/**
 * The drip engine end to end: dispatcher, in-process SQS-contract queue, send worker, real SDK
 * clients against DynamoDB Local and the local SES/SMS endpoints (R1–R10, E8, O1, O7, O10, S8, S9).
 */
import { tableInspector } from '../../local/tableInspector.js';
import { asHandler } from '../../functions/adapters/aws/sdkCallRecorder.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.js';
import { stepSendId } from '../../functions/domain/core/sendIds.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { confirmByEmail, itemsOfType, postJson, sent, sesSendTo, signupBody, startTestStack } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

let phoneSeq = 100;
/** Subscribes by email (and SMS) and confirms both channels; returns the addresses and ids. */
const confirmedSubscriber = async (opts: { sms?: boolean; timezone?: string } = {}) => {
  const phone = `+1714555${String(phoneSeq++).padStart(4, '0')}`;
  const body = signupBody({ timezone: opts.timezone ?? 'America/Los_Angeles', ...(opts.sms ? { phone, consentSms: true } : {}) });
  expect((await postJson(stack, '/api/subscribe', body)).status).toBe(202);
  await stack.settle();
  await confirmByEmail(stack, body.email as string);
  if (opts.sms) await postJson(stack, '/api/dev/sms/inbound', { from: phone, body: 'YES' });
  const sub = (await itemsOfType(stack, 'subscriber')).find((s) => s.email === body.email) as Record<string, string>;
  return { email: body.email as string, phone, subscriberId: sub.subscriberId as string };
};

/** Moves simulated time to the earliest due step without dispatching it. */
const jumpToNextDue = async () => {
  const next = await tableInspector().earliestDue();
  if (next) stack.clock.jumpTo(new Date(next));
};
const dispatchOnly = async () => {
  const { handler } = await import('../../functions/handlers/dispatch.js');
  return asHandler('dispatch', () => handler());
};
/** Holds the queue's worker so jobs wait, like messages sitting in SQS. */
const holdWorker = () => {
  const worker = stack.queue.worker;
  stack.queue.worker = undefined;
  return async () => {
    stack.queue.worker = worker;
    await stack.settle();
  };
};

const sesError = (code: string, message: string) => ({
  status: 400,
  body: `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
});

describe('the cervical dystonia series', () => {
  it('sends every step once, email inside weekday hours and texts inside 08:00–21:00 local, one text a day (R3, S8, S9)', async () => {
    const s = await confirmedSubscriber({ sms: true });
    await stack.advance('P30D');

    const emails = sent(stack, { to: s.email }).filter((e) => !/confirm/i.test(e.subject ?? ''));
    const steps = emails.map((e) => e.tags?.step);
    expect(steps).toEqual(['welcome', 'symptoms', 'self-care', 'treatment', 'living-with', 'consultation-invite', 'last-reminder']);
    for (const e of emails.slice(1)) {
      const local = DateTime.fromISO(e.sentAt, { zone: 'America/Los_Angeles' });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour).toBeGreaterThanOrEqual(9);
      expect(local.hour).toBeLessThan(17);
    }
    const texts = sent(stack, { channel: 'sms', to: s.phone }).slice(2); // after opt-in and YES confirmation
    expect(texts).toHaveLength(4);
    const days = texts.map((t) => DateTime.fromISO(t.sentAt, { zone: 'America/Los_Angeles' }));
    for (const d of days) {
      expect(d.hour).toBeGreaterThanOrEqual(8);
      expect(d.hour).toBeLessThan(21);
    }
    expect(new Set(days.map((d) => d.toISODate())).size).toBe(days.length);
    for (const t of texts) expect(t.body).not.toMatch(/dystoni|torticol/i);
    // Texts carry an 11-character short link, so English stays within one GSM-7 segment (issue 4).
    const invite = texts.find((t) => /\/c\//.test(t.body ?? ''));
    const shortLink = invite?.body?.match(/https?:\/\/\S+\/c\/([A-Za-z0-9_-]+)/);
    expect(shortLink?.[1]).toHaveLength(11);
    for (const t of texts) expect((t.body ?? '').length).toBeLessThanOrEqual(160);
    const click = await fetch(shortLink?.[0] as string, { redirect: 'manual' });
    expect(click.status).toBe(302);
    const location = new URL(click.headers.get('location') as string);
    expect(location.pathname).toBe('/book');
    expect(location.searchParams.get('utm_medium')).toBe('sms');
    expect(location.searchParams.get('utm_content')).toMatch(/-sms$/);
    expect((await fetch(`${stack.baseUrl}/c/AAAAAAAAAAA`, { redirect: 'manual' })).status).toBe(400);

    const messages = (await itemsOfType(stack, 'message')).filter((m) => m.subscriberId === s.subscriberId);
    expect(messages.filter((m) => m.state === 'SENT' && m.sequenceId)).toHaveLength(11);
    const enrollment = (await itemsOfType(stack, 'enrollment')).find((e) => e.subscriberId === s.subscriberId);
    expect(enrollment).toMatchObject({ status: 'completed', sequenceVersion: 1 });
    expect(enrollment?.duePk).toBeUndefined();
  });

  it('puts List-Unsubscribe, one-click and opaque tags on every email (E8, O1, O10)', async () => {
    const s = await confirmedSubscriber();
    await stack.advance('PT20H');
    const welcome = sent(stack, { to: s.email }).find((e) => e.tags?.step === 'welcome');
    expect(welcome).toBeDefined();
    const h = welcome?.headers ?? {};
    expect(h['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:\d+\/u\/[\w.-]+>, <mailto:unsubscribe@carecast\.local\?subject=unsubscribe>$/);
    expect(h['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(welcome?.tags).toMatchObject({ sequence: 'cervical-dystonia', step: 'welcome' });
    expect(welcome?.tags?.sendId).toMatch(/^[\w-]{20,}$/);
    expect(JSON.stringify(welcome?.tags)).not.toContain(s.email.split('@')[0] as string);
    expect(welcome?.text).toMatch(/unsubscribe/i);
    expect(welcome?.html).toMatch(/unsubscribe/i);
  });
});

describe('exactly-once sending', () => {
  it('sends once when the queue delivers the same job twice (R3)', async () => {
    const s = await confirmedSubscriber();
    const release = holdWorker();
    await jumpToNextDue();
    await dispatchOnly();
    const enrollmentId = `${s.subscriberId}.cervical-dystonia`;
    const job = { kind: 'step' as const, sendId: stepSendId(enrollmentId, 'welcome'), subscriberId: s.subscriberId, sequenceId: 'cervical-dystonia', stepIndex: 0, stepId: 'welcome' };
    await stack.queue.enqueue([job, job]);
    await release();
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(1);
  });

  it('queues each due step once when two dispatchers run at the same time', async () => {
    const a = await confirmedSubscriber();
    const b = await confirmedSubscriber();
    const release = holdWorker();
    await jumpToNextDue();
    const reports = await Promise.all([dispatchOnly(), dispatchOnly(), dispatchOnly()]);
    const queued = stack.queue.depth;
    await release();
    expect(reports.reduce((n, r) => n + r.dispatched, 0)).toBe(queued);
    for (const s of [a, b]) expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(1);
  });

  it('backs off and retries SES throttling, then sends once (O7, R6)', async () => {
    const s = await confirmedSubscriber();
    let refusals = 0;
    stack.faults.ses.current = (p) => (sesSendTo(p, s.email) && refusals++ < 2 ? sesError('Throttling', 'Maximum sending rate exceeded.') : undefined);
    try {
      await stack.advance('PT20H');
    } finally {
      stack.faults.ses.current = undefined;
    }
    expect(refusals).toBeGreaterThanOrEqual(3);
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(1);
    const row = (await itemsOfType(stack, 'send')).find((r) => r.subscriberId === s.subscriberId && r.stepId === 'welcome');
    expect(row).toMatchObject({ state: 'SENT' });
    expect(row?.attempts).toBeGreaterThanOrEqual(3);
  });

  it('marks a connection lost after SES may have accepted as UNKNOWN and never resends it (R4)', async () => {
    const s = await confirmedSubscriber();
    let calls = 0;
    stack.faults.ses.current = (p) => (sesSendTo(p, s.email) && calls++ === 0 ? 'drop' : undefined);
    try {
      await stack.advance('PT20H');
    } finally {
      stack.faults.ses.current = undefined;
    }
    const row = (await itemsOfType(stack, 'send')).find((r) => r.subscriberId === s.subscriberId && r.stepId === 'welcome');
    expect(row?.state).toBe('UNKNOWN');
    expect(calls).toBe(1);

    // Redelivery of the same job (or a redrive from the DLQ) takes the same path: no second call.
    const enrollmentId = `${s.subscriberId}.cervical-dystonia`;
    await stack.queue.enqueue([{ kind: 'step', sendId: row?.sendId as string, subscriberId: s.subscriberId, sequenceId: 'cervical-dystonia', stepIndex: 0, stepId: 'welcome' }]);
    await stack.settle();
    expect(calls).toBe(1);
    expect(row?.sendId).toBe(stepSendId(enrollmentId, 'welcome'));
    // The series does not stall on the unknown step.
    await stack.advance('P3D');
    expect(sent(stack, { to: s.email }).some((e) => e.tags?.step === 'symptoms')).toBe(true);
  });

  it('turns a claim whose worker died after stamping the provider call into UNKNOWN instead of sending again (R4)', async () => {
    const s = await confirmedSubscriber();
    const d = await domainContext();
    const enrollmentId = `${s.subscriberId}.cervical-dystonia`;
    const sendId = stepSendId(enrollmentId, 'welcome');
    const past = new Date(stack.clock.now().getTime() - 60_000).toISOString();
    await d.store.claimSend(
      { sendId, state: 'SENDING', attempts: 1, leaseUntil: past, claimToken: 'dead-worker', providerCallAt: past, channel: 'email', subscriberId: s.subscriberId, updatedAt: past },
      stack.clock.now(),
    );
    await stack.advance('PT20H');
    expect((await d.store.getSend(sendId))?.state).toBe('UNKNOWN');
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(0);
  });

  it('takes over a claim whose worker died before the provider call, and sends once (issue 8)', async () => {
    const s = await confirmedSubscriber();
    const d = await domainContext();
    const sendId = stepSendId(`${s.subscriberId}.cervical-dystonia`, 'welcome');
    const past = new Date(stack.clock.now().getTime() - 60_000).toISOString();
    await d.store.claimSend(
      { sendId, state: 'SENDING', attempts: 1, leaseUntil: past, claimToken: 'dead-worker', channel: 'email', subscriberId: s.subscriberId, updatedAt: past },
      stack.clock.now(),
    );
    await stack.advance('PT20H');
    expect((await d.store.getSend(sendId))).toMatchObject({ state: 'SENT', attempts: 2 });
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(1);
  });

  it('retries a system message whose claim a dead worker holds, then sends it once (S5, issue 8)', async () => {
    const s = await confirmedSubscriber({ sms: true });
    const d = await domainContext();
    const sendId = 'stop-confirm-held-by-a-dead-worker';
    const now = stack.clock.now();
    await d.store.claimSend(
      { sendId, state: 'SENDING', attempts: 1, leaseUntil: new Date(now.getTime() + 60_000).toISOString(), claimToken: 'dead-worker', channel: 'sms', subscriberId: s.subscriberId, updatedAt: now.toISOString() },
      now,
    );
    const textsBefore = sent(stack, { channel: 'sms', to: s.phone }).length;
    const dlqBefore = stack.queue.deadLetters.length;

    // While the dead worker's lease runs, every delivery fails and the job ends in the DLQ (not acked).
    await stack.queue.enqueue([{ kind: 'system', sendId, subscriberId: s.subscriberId, channel: 'sms', template: 'stop-confirm' }]);
    await stack.settle();
    expect(stack.queue.deadLetters.length).toBe(dlqBefore + 1);
    expect(sent(stack, { channel: 'sms', to: s.phone })).toHaveLength(textsBefore);

    // After the lease, a redrive takes the dead claim over (it never reached the provider) and sends once.
    stack.clock.jumpTo(new Date(now.getTime() + 10 * 60_000));
    const dead = stack.queue.deadLetters.splice(dlqBefore, 1);
    await stack.queue.enqueue(dead.map((m) => JSON.parse(m.body)));
    await stack.settle();
    expect(sent(stack, { channel: 'sms', to: s.phone })).toHaveLength(textsBefore + 1);
    expect(await d.store.getSend(sendId)).toMatchObject({ state: 'SENT', attempts: 2 });
  });

  it('sends nothing when its claim was taken over before it reached the provider (issue 8)', async () => {
    const s = await confirmedSubscriber();
    const d = await domainContext();
    const sendId = stepSendId(`${s.subscriberId}.cervical-dystonia`, 'welcome');
    const now = stack.clock.now();
    const mine = await d.store.claimSend(
      { sendId, state: 'SENDING', attempts: 1, leaseUntil: now.toISOString(), claimToken: 'slow-worker', channel: 'email', subscriberId: s.subscriberId, updatedAt: now.toISOString() },
      now,
    );
    expect(mine).toBeDefined();
    const taken = await d.store.claimSend(
      { sendId, state: 'SENDING', attempts: 2, leaseUntil: now.toISOString(), claimToken: 'new-worker', channel: 'email', subscriberId: s.subscriberId, updatedAt: now.toISOString() },
      now,
      'slow-worker',
    );
    expect(taken).toBeDefined();
    expect(await d.store.markProviderCall(sendId, 'slow-worker', now.toISOString())).toBe(false);
    expect(await d.store.markProviderCall(sendId, 'new-worker', now.toISOString())).toBe(true);
    // Once stamped, the claim can no longer be taken over.
    expect(await d.store.claimSend({ sendId, state: 'SENDING', attempts: 3, claimToken: 'third', channel: 'email', subscriberId: s.subscriberId, updatedAt: now.toISOString() }, now, 'new-worker')).toBeUndefined();
  });

  it('does not send a job that was queued before the subscriber opted out (R5, E3)', async () => {
    const s = await confirmedSubscriber();
    const release = holdWorker();
    await jumpToNextDue();
    await dispatchOnly();
    expect(stack.queue.depth).toBeGreaterThan(0);
    const d = await domainContext();
    expect(await d.store.transitionChannel(s.subscriberId, 'email', ['confirmed'], 'unsubscribed', false)).toBe(true);
    await release();
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(0);
    const row = await d.store.getSend(stepSendId(`${s.subscriberId}.cervical-dystonia`, 'welcome'));
    expect(row).toMatchObject({ state: 'SKIPPED', reason: 'channel unsubscribed' });
  });

  it('refuses a drip send with no consent record on file (E7)', async () => {
    const s = await confirmedSubscriber();
    const { DeleteItemCommand } = await import('@aws-sdk/client-dynamodb');
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const { localDynamoClient } = await import('../../local/dynamoDbLocal.js');
    const client = localDynamoClient(stack.dynamoEndpoint);
    for (const c of (await itemsOfType(stack, 'consent')).filter((x) => x.subscriberId === s.subscriberId)) {
      await client.send(new DeleteItemCommand({ TableName: stack.tableName, Key: marshall({ pk: c.pk, sk: c.sk }) }));
    }
    await stack.advance('PT20H');
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(0);
    const d = await domainContext();
    expect((await d.store.getSend(stepSendId(`${s.subscriberId}.cervical-dystonia`, 'welcome')))?.reason).toBe('no consent record');
  });

  it('dead-letters a poison job after five receives and keeps the rest of the batch (R1, R2)', async () => {
    const s = await confirmedSubscriber();
    const release = holdWorker();
    await jumpToNextDue();
    await dispatchOnly();
    await stack.queue.enqueue([{ kind: 'step', sendId: 'x', subscriberId: '', sequenceId: '', stepIndex: -1, stepId: '' } as never]);
    const dlqBefore = stack.queue.deadLetters.length;
    await release();
    expect(stack.queue.deadLetters.length).toBe(dlqBefore + 1);
    expect(stack.queue.deadLetters.at(-1)?.receiveCount).toBe(5);
    expect(sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'welcome')).toHaveLength(1);
  });

  it('keeps the outbox row key opaque: the sendId is a hash, never an address (O10)', async () => {
    const rows = await itemsOfType(stack, 'send');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.pk).toBe(keys.send(r.sendId as string).pk);
      expect(String(r.pk)).not.toMatch(/@|\+1\d{10}/);
    }
  });
});
