/**
 * When each simulated patient acts during the chaos run (issue 8), and the record of when they
 * did: one-click unsubscribes, STOP replies and bookings land while the send worker is held and
 * one of their jobs waits in the queue (so the send-time gate is what stops it, R5); permanent
 * bounces arrive through the SES feedback route once the queue is quiet. Two days after the
 * planned day a patient acts anyway.
 */
import type { LocalStack } from '../../local/localStack.js';
import { type PatientClient, sesEvent } from './PatientClient.js';
import type { Person } from './population.js';
import type { ChaosRun } from './chaosRun.js';

type Action = 'one-click' | 'STOP' | 'book' | 'bounce';

const plannedDay = (p: Person, action: Action): number | undefined =>
  action === 'one-click' ? p.unsubscribeEmailOnDay : action === 'STOP' ? p.stopSmsOnDay : action === 'book' ? p.bookOnDay : p.bounceOnDay;

const ACTIONS: Action[] = ['one-click', 'STOP', 'book', 'bounce'];
/** Days a patient waits for a moment when a job of theirs is queued. */
const PATIENCE_DAYS = 2;

export class PatientSchedule {
  private readonly done = new Set<string>();
  private readonly acting: Person[];

  constructor(
    private readonly stack: LocalStack,
    private readonly patients: PatientClient,
    private readonly run: ChaosRun,
  ) {
    this.acting = run.people.filter((p) => ACTIONS.some((a) => plannedDay(p, a) !== undefined));
  }

  private due(p: Person, action: Action, day: number): boolean {
    const when = plannedDay(p, action);
    return when !== undefined && when <= day && !this.done.has(`${p.index}:${action}`);
  }

  /** Some patient has an action (other than a bounce) due on `day`. */
  anyDueWhileHeld(day: number): boolean {
    return this.acting.some((p) => (['one-click', 'STOP', 'book'] as const).some((a) => this.due(p, a, day)));
  }

  /** Some patient has not acted yet. */
  anyLeft(): boolean {
    return this.acting.some((p) => ACTIONS.some((a) => plannedDay(p, a) !== undefined && !this.done.has(`${p.index}:${a}`)));
  }

  /** Unsubscribes, STOPs and bookings due today; call with the worker held and jobs queued. */
  async actWhileHeld(day: number, queuedFor: ReadonlySet<string>): Promise<void> {
    const { stack, patients, run } = this;
    const work: Promise<void>[] = [];
    for (const p of this.acting) {
      const id = run.subscriberIdOf.get(p.index);
      const queued = id !== undefined && queuedFor.has(id);
      const ready = (a: Action) => this.due(p, a, day) && (queued || day >= (plannedDay(p, a) ?? 0) + PATIENCE_DAYS);
      const finish = (a: Action) => this.done.add(`${p.index}:${a}`);
      if (ready('one-click')) {
        work.push(
          (async () => {
            const at = stack.clock.now().toISOString();
            const unsubscribed = await patients.oneClickUnsubscribe(p);
            if (unsubscribed) run.stopped.set(`${p.index}:email`, { at, how: 'one-click', whileQueued: queued });
            // No series email yet to unsubscribe from: try again at a later tick, give up after two days.
            if (unsubscribed || day >= (p.unsubscribeEmailOnDay ?? 0) + PATIENCE_DAYS) finish('one-click');
          })(),
        );
      }
      if (ready('STOP')) {
        work.push(
          (async () => {
            const at = stack.clock.now().toISOString();
            await patients.textStop(p);
            run.stopped.set(`${p.index}:sms`, { at, how: 'STOP', whileQueued: queued });
            finish('STOP');
          })(),
        );
      }
      if (ready('book')) {
        work.push(
          (async () => {
            const at = stack.clock.now().toISOString();
            if (await patients.book(p)) run.booked.set(p.index, at);
            finish('book');
          })(),
        );
      }
    }
    await Promise.all(work);
  }

  /** Permanent bounces due today, replayed through the SES feedback route (the queue is quiet). */
  async bounce(day: number, sequenceId: string): Promise<void> {
    const { stack, patients, run } = this;
    for (const p of this.acting) {
      if (!p.email || !this.due(p, 'bounce', day)) continue;
      const last = patients.inbox.of(p.email).filter((m) => m.tags?.sequence === sequenceId).at(-1);
      if (!last && day < (p.bounceOnDay ?? 0) + PATIENCE_DAYS) continue;
      const at = stack.clock.now().toISOString();
      const event = sesEvent('Bounce', { to: p.email, providerMessageId: last?.id ?? `bounce-${p.index}`, ...(last?.tags?.sendId ? { sendId: last.tags.sendId } : {}), at });
      if (await patients.sesNotification(event)) run.stopped.set(`${p.index}:email`, { at, how: 'bounce', whileQueued: false });
      this.done.add(`${p.index}:bounce`);
    }
  }
}
