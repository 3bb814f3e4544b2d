/** Results in memory: events once per eventId, and per-step and per-day counters (the clinic's day). */
import type { StepEvent } from '../../../domain/core/model.js';
import type { CountedEvent, DayCounters, LastClick, Results, StepCounters } from '../../../domain/ports/sending/results.js';
import { statsDayOf } from '../../../domain/results/statsDay.js';

const COUNTER_NAMES = /^[a-z]+$/;

export class MemoryResults implements Results {
  private readonly events = new Map<string, StepEvent>();
  private readonly totals = new Map<string, StepCounters>();
  private readonly days = new Map<string, DayCounters>();
  private readonly lastClicks = new Map<string, LastClick>();

  /** `statsTimeZone`: the zone of the per-day counters (the clinic's IANA zone). */
  constructor(private readonly statsTimeZone = 'UTC') {}

  #add(sequenceId: string, stepId: string, event: CountedEvent, day: string, by = 1): void {
    if (!COUNTER_NAMES.test(event)) throw new Error(`Not a counter name: ${event}`);
    const total = this.totals.get(`${sequenceId}|${stepId}`) ?? {};
    total[event] = (total[event] ?? 0) + by;
    this.totals.set(`${sequenceId}|${stepId}`, total);
    const key = `${sequenceId}|${day}#STEP#${stepId}`;
    const d = this.days.get(key) ?? { day, stepId, counters: {} };
    d.counters[event] = (d.counters[event] ?? 0) + by;
    this.days.set(key, d);
  }

  async recordStepEvent(event: StepEvent, _expiresAt: number): Promise<boolean> {
    if (this.events.has(event.eventId)) return false;
    this.events.set(event.eventId, structuredClone(event));
    if (event.sequenceId && event.stepId) this.#add(event.sequenceId, event.stepId, event.kind, statsDayOf(new Date(event.at), this.statsTimeZone));
    return true;
  }

  async countStepEvent(sequenceId: string, stepId: string, event: CountedEvent, day: string): Promise<void> {
    this.#add(sequenceId, stepId, event, day);
  }

  async listStepCounters(sequenceId: string): Promise<Record<string, StepCounters>> {
    const out: Record<string, StepCounters> = {};
    for (const [k, v] of this.totals) if (k.startsWith(`${sequenceId}|`)) out[k.slice(sequenceId.length + 1)] = { ...v };
    return out;
  }

  async listDayCounters(sequenceId: string, fromDay: string, toDay: string): Promise<DayCounters[]> {
    return [...this.days.entries()]
      .filter(([k, d]) => k.startsWith(`${sequenceId}|`) && d.day >= fromDay && d.day <= toDay)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, d]) => structuredClone(d));
  }

  async swapLastClick(messageKey: string, click: LastClick): Promise<LastClick | undefined> {
    const old = this.lastClicks.get(messageKey);
    this.lastClicks.set(messageKey, { ...click });
    return old ? { ...old } : undefined;
  }

  async reclassifyClick(event: StepEvent): Promise<boolean> {
    const stored = this.events.get(event.eventId);
    if (stored?.kind !== 'clicked') return false;
    stored.kind = 'machineclicked';
    if (stored.sequenceId && stored.stepId) {
      const day = statsDayOf(new Date(stored.at), this.statsTimeZone);
      this.#add(stored.sequenceId, stored.stepId, 'clicked', day, -1);
      this.#add(stored.sequenceId, stored.stepId, 'machineclicked', day);
    }
    return true;
  }

  /** Events of one step, oldest first (what tests inspect; not part of the port). */
  stepEvents(sequenceId: string, stepId: string): StepEvent[] {
    return [...this.events.values()].filter((e) => e.sequenceId === sequenceId && e.stepId === stepId).sort((a, b) => (`${a.at}#${a.eventId}` < `${b.at}#${b.eventId}` ? -1 : 1));
  }
}
