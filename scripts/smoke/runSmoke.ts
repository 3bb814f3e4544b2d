/**
 * The smoke steps (scripts/smoke.ts). Each step returns PASS, FAIL or SKIP with one line of
 * detail; a failure never stops the later steps that do not depend on it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { CloudWatchClient, DescribeAlarmHistoryCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { MIN_FILL_SECONDS } from '../../functions/domain/signup/formTimeTrap.js';
import { formOf } from './pageForm.js';

export interface SmokeOptions {
  url: string;
  timeoutMs: number;
  email?: string;
  phone?: string;
  confirmLink?: string;
  unsubscribeLink?: string;
  alarmName?: string;
  inboundTopicArn?: string;
  region?: string;
}

export type StepStatus = 'PASS' | 'FAIL' | 'SKIP';
export interface StepResult {
  step: string;
  status: StepStatus;
  detail: string;
}

interface OutboxEntry {
  channel: 'email' | 'sms';
  to: string;
  text?: string;
  body?: string;
  headers?: Record<string, string>;
}

const POLL_MS = 250;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value or the deadline passes. */
const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined || Date.now() > deadline) return v;
    await wait(POLL_MS);
  }
};

const header = (headers: Record<string, string> | undefined, name: string): string | undefined =>
  Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

export const runSmoke = async (o: SmokeOptions): Promise<StepResult[]> => {
  const results: StepResult[] = [];
  // No request may hang the run: each one gives up after the step timeout.
  const fetch = (url: string, init: RequestInit = {}) => globalThis.fetch(url, { ...init, signal: AbortSignal.timeout(o.timeoutMs) });
  const record = (step: string, status: StepStatus, detail: string) => results.push({ step, status, detail });
  const origin = new URL(o.url).origin;
  const post = (path: string, body: unknown) =>
    fetch(`${o.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin, referer: `${o.url}/` }, body: JSON.stringify(body) });

  // Local mode answers its dev outbox; a deployed stack has none.
  const outboxResponse = await fetch(`${o.url}/api/dev/outbox`).catch(() => undefined);
  const local = outboxResponse?.ok === true && (outboxResponse.headers.get('content-type') ?? '').includes('json');
  const outbox = async (): Promise<OutboxEntry[]> => (await (await fetch(`${o.url}/api/dev/outbox`)).json()) as OutboxEntry[];
  const email = o.email ?? (local ? `smoke+${randomUUID().slice(0, 8)}@example.com` : undefined);
  /**
   * A signup as a person sends it: open the signup page, read its single-use form token, take at
   * least the time trap's minimum to fill the form (real time: the page's clock runs with it in
   * local mode too), then post.
   */
  const signUp = async (fields: Record<string, unknown>): Promise<Response> => {
    const page = await fetch(`${o.url}/`);
    const formToken = formOf(await page.text(), `${o.url}/`)?.fields.formToken;
    if (!formToken) throw new Error(`GET / → ${page.status} without a form token`);
    await wait((MIN_FILL_SECONDS + 1) * 1000);
    return post('/api/subscribe', { ...fields, formToken });
  };

  // 1. Signup page
  try {
    const r = await fetch(`${o.url}/`);
    const html = await r.text();
    if (r.status === 200 && /<form[\s>]/i.test(html)) record('signup page', 'PASS', `GET / → 200 with the signup form${local ? ' (local mode)' : ''}`);
    else record('signup page', 'FAIL', `GET / → ${r.status}${/<form[\s>]/i.test(html) ? '' : ', no form on the page'}`);
  } catch (e) {
    record('signup page', 'FAIL', `GET / failed: ${(e as Error).message}`);
  }

  // 2. Subscription
  let subscribed = false;
  if (!email) {
    record('subscription', 'SKIP', 'needs --email <a verified SES sandbox recipient>');
  } else {
    try {
      const r = await signUp({ firstName: 'Smoke', email, language: 'en', timezone: 'America/Los_Angeles', consentEmail: true });
      subscribed = r.status === 202;
      record('subscription', subscribed ? 'PASS' : 'FAIL', `GET / for the form token, POST /api/subscribe → ${r.status}${subscribed ? '' : ` ${(await r.text()).slice(0, 200)}`}`);
    } catch (e) {
      record('subscription', 'FAIL', (e as Error).message);
    }
  }

  // 3. Confirmation (and the email it came in, for step 4)
  let confirmMail: OutboxEntry | undefined;
  let confirmLink = o.confirmLink;
  if (local && subscribed && email) {
    confirmMail = await eventually(async () => (await outbox()).filter((m) => m.channel === 'email' && m.to === email && m.text?.includes('/api/confirm?')).at(-1), o.timeoutMs);
    confirmLink = confirmMail?.text?.match(/https?:\/\/[^\s\])>]+\/api\/confirm\?[^\s\])>]+/)?.[0];
  }
  if (!confirmLink) {
    record('confirmation', local ? 'FAIL' : 'SKIP', local ? 'no confirmation email reached the local outbox' : 'needs --confirm-link <the link from the confirmation email>');
  } else {
    try {
      const page = await fetch(confirmLink);
      let html = await page.text();
      let how = `GET → ${page.status}`;
      // The confirmation may be a page whose button POSTs (GET never changes state): follow its form.
      const form = formOf(html, confirmLink);
      if (form && form.method === 'post') {
        const r = await fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin, referer: confirmLink }, body: new URLSearchParams(form.fields).toString() });
        html = await r.text();
        how += `, form POST → ${r.status}`;
        record('confirmation', r.ok && /confirmed|confirmada/i.test(html) ? 'PASS' : 'FAIL', how);
      } else {
        record('confirmation', page.ok && /confirmed|confirmada/i.test(html) ? 'PASS' : 'FAIL', how);
      }
    } catch (e) {
      record('confirmation', 'FAIL', `following the link failed: ${(e as Error).message}`);
    }
  }

  // 4. One-click unsubscribe (RFC 8058): the https URL of List-Unsubscribe, POSTed as mail providers do.
  const unsubscribeLink = o.unsubscribeLink ?? header(confirmMail?.headers, 'List-Unsubscribe')?.match(/<(https?:\/\/[^>]+)>/)?.[1];
  if (!unsubscribeLink) {
    record('one-click unsubscribe', local ? 'FAIL' : 'SKIP', local ? 'the confirmation email has no https List-Unsubscribe URL' : 'needs --unsubscribe-link <the https URL in List-Unsubscribe>');
  } else {
    const r = await fetch(unsubscribeLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    record('one-click unsubscribe', r.ok ? 'PASS' : 'FAIL', `POST List-Unsubscribe=One-Click → ${r.status}`);
  }

  // 5. A test alarm that must reach the ops topic.
  if (local) {
    record('alarm → ops topic', 'SKIP', 'local mode has no CloudWatch; run against the deployed stack with --alarm-name');
  } else if (!o.alarmName) {
    record('alarm → ops topic', 'SKIP', 'needs --alarm-name <any Carecast alarm> and AWS credentials');
  } else {
    try {
      record('alarm → ops topic', ...(await alarmReachesTopic(o.alarmName, o.region, o.timeoutMs)));
    } catch (e) {
      record('alarm → ops topic', 'FAIL', `${(e as Error).name}: ${(e as Error).message}`);
    }
  }

  // 6. HELP text, only where a number is configured.
  const phone = o.phone ?? (local ? `+1714555${String(randomInt(2000, 9999))}` : undefined);
  if (!phone) {
    record('HELP text', 'SKIP', 'no --phone: email-only launch, or give a verified SMS sandbox number and --inbound-topic-arn');
  } else {
    const r = await signUp({ firstName: 'Smoke', phone, language: 'en', timezone: 'America/Los_Angeles', consentSms: true }).catch((e: Error) => e);
    if (r instanceof Error) {
      record('HELP text', 'FAIL', `subscribing ${phone}: ${r.message}`);
    } else if (r.status !== 202) {
      record('HELP text', 'FAIL', `subscribing ${phone} → ${r.status}`);
    } else if (local) {
      await post('/api/dev/sms/inbound', { from: phone, body: 'YES' });
      await post('/api/dev/sms/inbound', { from: phone, body: 'HELP' });
      const help = await eventually(async () => (await outbox()).find((m) => m.channel === 'sms' && m.to === phone && /help/i.test(m.body ?? '') && /call/i.test(m.body ?? '')), o.timeoutMs);
      record('HELP text', help ? 'PASS' : 'FAIL', help ? 'texted YES then HELP; the HELP reply reached the local SMS outbox' : 'no HELP reply in the local SMS outbox');
    } else if (!o.inboundTopicArn) {
      record('HELP text', 'SKIP', 'needs --inbound-topic-arn (stack output InboundSmsTopicArn)');
    } else {
      const sns = new SNSClient(o.region ? { region: o.region } : {});
      for (const body of ['YES', 'HELP']) {
        await sns.send(new PublishCommand({ TopicArn: o.inboundTopicArn, Message: JSON.stringify({ originationNumber: phone, destinationNumber: '', messageBody: body, inboundMessageId: randomUUID() }) }));
      }
      record('HELP text', 'PASS', `published YES and HELP from ${phone} to the inbound topic; check that phone for the confirmation and HELP replies (one each, none from AWS)`);
    }
  }
  return results;
};

/** Sets the alarm to ALARM and waits for CloudWatch's history to show the SNS action's outcome. */
const alarmReachesTopic = async (alarmName: string, region: string | undefined, timeoutMs: number): Promise<[StepStatus, string]> => {
  const cw = new CloudWatchClient(region ? { region } : {});
  const since = new Date(Date.now() - 1000);
  await cw.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'ALARM', StateReason: 'Carecast smoke test: this alarm must reach the ops topic' }));
  const item = await eventually(async () => {
    const h = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: alarmName, HistoryItemType: 'Action', StartDate: since, MaxRecords: 10 }));
    return h.AlarmHistoryItems?.find((i) => /sns/i.test(i.HistorySummary ?? ''));
  }, timeoutMs);
  await cw.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: 'Carecast smoke test done' }));
  if (!item) return ['FAIL', `no SNS action in ${alarmName}'s history within the timeout`];
  const ok = /^Successfully executed action/i.test(item.HistorySummary ?? '');
  return [ok ? 'PASS' : 'FAIL', item.HistorySummary ?? ''];
};
