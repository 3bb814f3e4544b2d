/** The chaos run's table, as printed by `npm run chaos` (issue 8). */
import type { ChaosResult } from './audit.js';
import type { ChaosRun } from './chaosRun.js';

const table = (rows: [string, string | number][]): string => {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => (v === '' ? k : `${k.padEnd(width)}  ${v}`)).join('\n');
};

/** Only a 503 past the retry budget is an answer the design allows; the plan's throttleExhaust causes exactly that. */
export const brokenServerErrors = (run: Pick<ChaosRun, 'serverErrors'>): number =>
  [...run.serverErrors].filter(([k]) => !k.endsWith(' 503')).reduce((n, [, v]) => n + v, 0);

const serverErrorVerdict = (run: ChaosRun): string => {
  if (run.serverErrors.size === 0) return '  ✓';
  if (brokenServerErrors(run) > 0) return '  ✗ PROMISE BROKEN';
  return `  (503 + Retry-After past the retry budget only: dynamodb.throttleExhaust ${run.injected['dynamodb.throttleExhaust'] ?? 0} throttled every attempt of a request)`;
};

const mark = (value: number) => (value === 0 ? `${value}  ✓` : `${value}  ✗ PROMISE BROKEN`);

export const formatChaosReport = (run: ChaosRun, r: ChaosResult): string => {
  const faults = Object.entries(run.injected).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const errors = [...run.serverErrors].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const redelivered = [...run.snsRedeliveries].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const causes = Object.entries(r.unknown.byCause).map(([k, v]) => `${v} ${k}`).join('; ') || 'none';
  const rows: [string, string | number][] = [
    ['Carecast chaos run', ''],
    ['subscribers enrolled', `${r.subscribers} (channels confirmed: ${r.confirmedChannels.email} email, ${r.confirmedChannels.sms} sms)`],
    ['signed up again (a confirmation never came)', run.signedUpAgain.length ? `${run.signedUpAgain.join(', then ')} patients` : 'none'],
    ['simulated days played', run.simulatedDays],
    ['', ''],
    ['messages expected (drip steps)', r.expected],
    ['messages sent (distinct expected steps received)', r.delivered],
    ['duplicates', mark(r.duplicates)],
    ['lost steps', mark(r.lost)],
    ['duplicates by cause', Object.entries(r.duplicatesByCause).map(([k, v]) => `${v} ${k}`).join('; ') || 'none'],
    [
      'missed in the ambiguous window (UNKNOWN)',
      `${mark(r.lostInAmbiguousWindow)} (${r.missedInWindowByChannel.email} email, ${r.missedInWindowByChannel.sms} sms: no provider event and the resend used up or off)`,
    ],
    ['texts matching no template source (audit blind to them)', r.unattributedTexts],
    ['sends after opt-out or suppression', mark(r.sendsAfterOptOut)],
    ['sends on a channel never confirmed', mark(r.sentWithoutConfirmation)],
    ['invite steps sent after booking', r.invitesAfterBooking],
    ['steps due before their channel was confirmed (skipped, not expected)', r.skippedBeforeConfirmation],
    ['', ''],
    ['opt-outs', `${r.optOuts.oneClick} one-click, ${r.optOuts.stop} STOP, ${r.optOuts.bounce} bounces (${r.optOuts.whileJobQueued} while a job of theirs was queued)`],
    ['bookings', r.bookings],
    ['UNKNOWN outcomes', `${r.unknown.total} (${r.unknown.steps} drip steps, ${r.unknown.system} system messages)`],
    ['  cause', causes],
    ['  settled SENT by its provider event as the run went (SES sendId tag; SMS delivery record)', r.unknown.settledByLiveEvent],
    ['  sent again after the wait, no provider event (issue 16)', r.unknown.resent],
    ['  reconciled by replayed SES Send event at the end', r.unknown.reconciledBySendEvent],
    ['  left UNKNOWN, endpoint received it once', r.unknown.leftUnknownDelivered],
    ['  left UNKNOWN, never reached the endpoint', `${r.unknown.leftUnknownNeverDelivered} (system messages: ${mark(r.unknown.systemNeverDelivered)})`],
    ['outbox rows stuck SENDING/RETRY', `${mark(r.stuckRows.step + r.stuckRows.system)} (${r.stuckRows.step} drip steps, ${r.stuckRows.system} system messages)`],
    ['enrollments still active at the end', r.activeEnrollments],
    // The local queue retries in seconds where SQS waits its visibility timeout, so a job whose claim a
    // killed worker still holds reaches the local DLQ before the lease expires; the redrive settles it.
    ['DLQ entries', `${run.deadLettered} dead-lettered, ${run.redriven} redriven, ${run.deadLettered - run.redriven} left`],
    ['', ''],
    ['faults injected', faults],
    ['send-worker invocations killed', run.crashes],
    ['jobs delivered twice by the queue', run.duplicateDeliveries],
    ['dispatcher runs (two at once per tick)', `${run.dispatcherRuns} (${run.dispatcherErrors} failed under faults)`],
    ['clock jumps', `${run.clockJumps} (${run.jumpsWithJobsQueued} while jobs waited in the queue)`],
    ['5xx seen by patients (retried)', `${errors}${serverErrorVerdict(run)}`],
    ['handler failures SNS delivered again (not seen by patients)', redelivered],
    ['phases (wall clock)', run.phases.map((p) => `${p.name} ${p.seconds}s`).join(', ')],
    ['  series time spent in', Object.entries(run.spent).map(([k, v]) => `${k} ${v}s`).join(', ')],
  ];
  const examples = [
    ...r.examples.duplicates.map((x) => `  duplicate: ${x}`),
    ...r.examples.lost.map((x) => `  lost: ${x}`),
    ...r.examples.missedInWindow.slice(0, 3).map((x) => `  missed in the ambiguous window: ${x}`),
    ...r.examples.afterOptOut.map((x) => `  after opt-out: ${x}`),
    ...r.examples.inviteAfterBooking.slice(0, 5).map((x) => `  invite after booking: ${x}`),
  ];
  return `${table(rows)}${examples.length ? `\n\nExamples:\n${examples.join('\n')}` : ''}`;
};
