/**
 * `npm run demo`: local mode in memory, four sample subscribers signed up and confirmed through
 * the real HTTP API, the whole series played in simulated time, and a timeline of what each
 * person received. Then it keeps serving so the outbox can be opened, until Ctrl-C.
 *
 * `npm run demo -- --exit` stops as soon as the timeline is printed (CI, scripts).
 * PORT picks the port (default 3000; a busy port falls back to a free one).
 *
 * The simulated clock starts at the next Monday 08:30 in Los Angeles, so every run prints the
 * same timeline whatever day it is run on.
 */
import { createServer } from 'node:net';
import { DateTime, Duration } from 'luxon';
import { formatTable } from '../bench/formatTable.js';
import type { Channel, MessageRecord } from '../functions/domain/core/model.js';
import { issueFormToken, MIN_FILL_SECONDS } from '../functions/domain/signup/formTimeTrap.js';
import { shippedSequences } from '../functions/sequences.js';
import { domainContext } from '../functions/wiring.js';
import type { LocalStack } from '../local/localStack.js';
import type { OutboxEntry } from '../local/Outbox.js';

// Before local mode loads: its logger reads the level once, and the SDK's Node 20 notice is noise here.
process.env.CARECAST_LOG_LEVEL ??= 'WARN';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CLINIC_ZONE = 'America/Los_Angeles';
const exitAtOnce = process.argv.includes('--exit');

interface Sample {
  label: string;
  firstName: string;
  language: 'en' | 'es';
  timezone: string;
  /** Synthetic only: example.com addresses and 555-01xx numbers. */
  email?: string;
  phone?: string;
}

const samples: Sample[] = [
  { label: 'Ana (en)', firstName: 'Ana', language: 'en', timezone: 'America/Los_Angeles', email: 'ana.demo@example.com', phone: '+17145550101' },
  { label: 'María (es)', firstName: 'María', language: 'es', timezone: 'America/Los_Angeles', email: 'maria.demo@example.com', phone: '+17145550102' },
  { label: 'James (en)', firstName: 'James', language: 'en', timezone: 'America/New_York', email: 'james.demo@example.com' },
  { label: 'Lucía (es)', firstName: 'Lucía', language: 'es', timezone: 'America/Los_Angeles', phone: '+17145550104' },
];

const channelsOf = (s: Sample): Channel[] => [...(s.email ? ['email' as const] : []), ...(s.phone ? ['sms' as const] : [])];

/** PORT (default 3000) if it is free, otherwise any free port. */
const choosePort = async (): Promise<{ port: number; wanted: number }> => {
  const wanted = Number(process.env.PORT ?? 3000);
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(wanted, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return { port: free ? wanted : 0, wanted };
};

const call = async (stack: LocalStack, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> => {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
};

const advance = async (stack: LocalStack, iso: string): Promise<number> =>
  ((await (await call(stack, 'POST', '/api/dev/clock', { advance: iso })).json()) as { sent: number }).sent;

/** The next Monday 08:30 in the clinic's zone, as a duration from the simulated now. */
const untilNextMondayMorning = (now: Date): { start: DateTime; wait: string } => {
  let start = DateTime.fromJSDate(now, { zone: CLINIC_ZONE }).plus({ days: 1 }).set({ hour: 8, minute: 30, second: 0, millisecond: 0 });
  while (start.weekday !== 1) start = start.plus({ days: 1 });
  return { start, wait: `PT${Math.ceil((start.toMillis() - now.getTime()) / 1000)}S` };
};

const signUpAndConfirm = async (stack: LocalStack): Promise<void> => {
  const tokens = (await domainContext()).tokens;
  for (const s of samples) {
    // The single-use form token the signup page would have issued, as if rendered MIN_FILL_SECONDS + 2 s ago (simulated).
    const formToken = issueFormToken(tokens, new Date(stack.clock.now().getTime() - (MIN_FILL_SECONDS + 2) * 1000));
    await call(stack, 'POST', '/api/subscribe', {
      formToken,
      firstName: s.firstName,
      language: s.language,
      timezone: s.timezone,
      ...(s.email ? { email: s.email, consentEmail: true } : {}),
      ...(s.phone ? { phone: s.phone, consentSms: true } : {}),
    });
  }
  await stack.settle();
  const outbox = (await (await call(stack, 'GET', '/api/dev/outbox')).json()) as OutboxEntry[];
  for (const s of samples) {
    if (s.email) {
      const mail = outbox.filter((e) => e.channel === 'email' && e.to === s.email && e.text?.includes('/api/confirm?')).at(-1);
      const link = mail?.text?.match(/https?:\/\/[^\s\])>]+\/api\/confirm\?[^\s\])>]+/)?.[0];
      if (!link) throw new Error(`No confirmation email reached ${s.email}`);
      // The link's page has one button; pressing it POSTs the token (GET changes nothing).
      await call(stack, 'POST', '/api/confirm', { token: new URL(link.replaceAll('&amp;', '&')).searchParams.get('token') });
    }
    // The double opt-in for texts: the person answers YES to the confirmation text (S2).
    if (s.phone) await call(stack, 'POST', '/api/dev/sms/inbound', { from: s.phone, body: 'YES' });
  }
};

/** Days to play: every step's delay added up, plus a week for send windows and weekends. */
const seriesDays = (): number => {
  const longest = Math.max(...shippedSequences().map((q) => q.steps.reduce((sum, st) => sum + Duration.fromISO(st.after).as('days'), 0)));
  return Math.ceil(longest) + 7;
};

interface TimelineRow {
  at: string;
  sample: Sample;
  message: MessageRecord;
  outbox?: OutboxEntry;
}

/** What each sample received, from the product's own message history, joined with the outbox. */
const timelineOf = async (stack: LocalStack): Promise<TimelineRow[]> => {
  const { domainContext } = await import('../functions/wiring.js');
  const d = await domainContext();
  const now = d.clock.now();
  const byProviderId = new Map(stack.outbox.all().map((e) => [e.id, e]));
  const rows: TimelineRow[] = [];
  for (const sample of samples) {
    const channel = channelsOf(sample)[0] as Channel;
    const address = (channel === 'email' ? sample.email : sample.phone) as string;
    const subscriberId = await d.store.findSubscriberIdByAddress(channel, d.hasher.hash(channel, address), now);
    if (!subscriberId) throw new Error(`${sample.label} is not a subscriber`);
    for (const message of await d.store.listMessages(subscriberId)) {
      const outbox = message.providerMessageId ? byProviderId.get(message.providerMessageId) : undefined;
      rows.push({ at: message.at, sample, message, ...(outbox ? { outbox } : {}) });
    }
  }
  // By the minute, then in the order the samples were introduced: rows sent together read together.
  const minute = (at: string) => at.slice(0, 16);
  return rows.sort((a, b) => minute(a.at).localeCompare(minute(b.at)) || samples.indexOf(a.sample) - samples.indexOf(b.sample) || a.at.localeCompare(b.at));
};

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const printTimeline = (rows: TimelineRow[], start: DateTime): void => {
  console.log(
    formatTable(
      rows.map(({ at, sample, message, outbox }) => {
        const local = DateTime.fromISO(at, { zone: sample.timezone });
        const day = Math.round(local.startOf('day').diff(start.setZone(sample.timezone).startOf('day'), 'days').days);
        return {
          day,
          'local time': local.toFormat('ccc LLL d HH:mm ZZZZ'),
          subscriber: sample.label,
          channel: message.channel === 'email' ? 'email' : 'SMS',
          step: message.stepId ?? `(${message.template})`,
          message: shorten(outbox?.subject ?? outbox?.body ?? '', 52) + (message.state === 'SENT' ? '' : ` [${message.state}]`),
        };
      }),
      ['day', 'local time', 'subscriber', 'channel', 'step', 'message'],
    ),
  );
};

const main = async (): Promise<void> => {
  const { startLocalStack } = await import('../local/localStack.js');
  const { port, wanted } = await choosePort();
  const stack = await startLocalStack({ memory: true, port, tick: !exitAtOnce });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stack.stop().catch(() => undefined);
    process.exit(code);
  };
  const interrupted = () => {
    console.log('\nStopping (DynamoDB Local and the local endpoints)…');
    void stop(0);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);

  try {
    if (port !== wanted) console.log(`Port ${wanted} is busy; using ${new URL(stack.baseUrl).port} instead.`);
    console.log(`Carecast demo: local mode in memory at ${stack.baseUrl}\n`);
    console.log(
      formatTable(
        samples.map((s) => ({
          subscriber: s.label,
          language: s.language,
          channels: channelsOf(s).join(' + '),
          'time zone': s.timezone,
          address: [s.email, s.phone].filter(Boolean).join(', '),
        })),
      ),
    );

    const { start, wait } = untilNextMondayMorning(new Date((await (await call(stack, 'GET', '/api/dev/clock')).json() as { now: string }).now));
    await advance(stack, wait);
    console.log(`\nSimulated clock set to ${start.toFormat('cccc LLL d yyyy, HH:mm ZZZZ')}. Signing up and confirming (email link, YES by text)…`);
    await signUpAndConfirm(stack);

    const days = seriesDays();
    let sent = 0;
    for (let day = 1; day <= days; day++) {
      sent += await advance(stack, 'P1D');
      if (process.stdout.isTTY) process.stdout.write(`\rPlaying the series: day ${day}/${days}, ${sent} messages sent`);
    }
    if (process.stdout.isTTY) process.stdout.write('\n');
    console.log(`Played ${days} simulated days.\n`);

    const rows = await timelineOf(stack);
    printTimeline(rows, start);
    const dripCount = rows.filter((r) => r.message.sequenceId && r.message.stepId).length;
    console.log(`\n${rows.length} messages: ${dripCount} series steps and ${rows.length - dripCount} confirmations and replies.`);
    console.log(`
  Outbox (every message, rendered)  ${stack.baseUrl}/outbox
  Outbox as JSON                    ${stack.baseUrl}/api/dev/outbox
  Simulated clock                   ${stack.baseUrl}/api/dev/clock
  Signup page                       ${stack.baseUrl}/`);
  } catch (error) {
    console.error(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
    return;
  }
  if (exitAtOnce) return stop(0);
  console.log('\nStill serving (the dispatcher ticks every 5 s). Press Ctrl-C to stop.');
};

await main();
