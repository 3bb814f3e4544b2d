/**
 * Results on DynamoDB: recipient event rows (`keys.stepEvent`, on the byStep index) and the
 * per-step and per-day counters (`keys.stepStats`, `consoleKeys.stepDayStats`). The event row is
 * written once per event id, so a replayed event counts nothing twice (R9); counters are atomic
 * `ADD`s outside any transaction (issue 16: hot counters conflicted inside transactions).
 */
import { consoleKeys, keys, stepIndexKeys } from '../../../contract/table.js';
import type { StepEvent } from '../../../domain/core/model.js';
import type { CountedEvent, DayCounters, Results, StepCounters } from '../../../domain/ports/results.js';
import { statsDayOf } from '../../../domain/results/statsDay.js';
import { conditional, type DynamoTable } from './DynamoTable.js';

const COUNTER_NAMES = /^[a-z]+$/;

export class DynamoResults implements Results {
  /** `statsTimeZone`: the zone of the per-day counters (the clinic's). */
  constructor(
    private readonly table: DynamoTable,
    private readonly statsTimeZone: string,
  ) {}

  /**
   * Adds one to `event` on the step's total and its clinic-day row: two single-item atomic `ADD`s,
   * never a transaction. Transactions on these hot items conflicted under concurrent sends and
   * clicks (TransactionConflictException: a click answered 500 or a count was lost, issue 16);
   * a plain UpdateItem ADD on one item does not conflict, DynamoDB serialises it.
   */
  async #addCounters(sequenceId: string, stepId: string, event: CountedEvent, day: string): Promise<void> {
    if (!COUNTER_NAMES.test(event)) throw new Error(`Not a counter name: ${event}`);
    const add = (key: { pk: string; sk: string }, extra: Record<string, unknown>) =>
      this.table.updateRaw({
        Key: key,
        UpdateExpression: `ADD #e :one SET #type = :type${Object.keys(extra).map((k) => `, #${k} = :${k}`).join('')}`,
        ExpressionAttributeNames: { '#e': event, '#type': 'type', ...Object.fromEntries(Object.keys(extra).map((k) => [`#${k}`, k])) },
        ExpressionAttributeValues: { ':one': 1, ':type': 'day' in extra ? 'stepDayStats' : 'stepStats', ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`:${k}`, v])) },
      });
    await Promise.all([add(keys.stepStats(sequenceId, stepId), {}), add(consoleKeys.stepDayStats(sequenceId, day, stepId), { day, stepId })]);
  }

  /**
   * Writes the event row once per eventId (conditional put: a replayed notification or click
   * counts nothing twice, R9), then adds to its counters outside any transaction. If the process
   * dies between the two, that one event is kept but not counted (an undercount by one, never a
   * double count).
   */
  async recordStepEvent(event: StepEvent, expiresAt: number): Promise<boolean> {
    const onStep = event.sequenceId && event.stepId ? { sequenceId: event.sequenceId, stepId: event.stepId } : undefined;
    const first = await conditional(() =>
      this.table.put(
        {
          ...keys.stepEvent(event.eventId),
          type: 'event',
          ...event,
          expiresAt,
          ...(onStep ? stepIndexKeys(onStep.sequenceId, onStep.stepId, event.at, event.eventId) : {}),
        },
        { expr: 'attribute_not_exists(pk)' },
      ),
    );
    // The per-day counter of the results chart (staff console, issue 6) is in the clinic's zone.
    if (first && onStep) await this.#addCounters(onStep.sequenceId, onStep.stepId, event.kind, statsDayOf(new Date(event.at), this.statsTimeZone));
    return first;
  }

  async countStepEvent(sequenceId: string, stepId: string, event: CountedEvent, day: string): Promise<void> {
    await this.#addCounters(sequenceId, stepId, event, day);
  }

  async listStepCounters(sequenceId: string): Promise<Record<string, StepCounters>> {
    const r = await this.table.query({ pk: keys.stepStats(sequenceId, '').pk, prefix: consoleKeys.stepStatsPrefix });
    const out: Record<string, StepCounters> = {};
    for (const item of r.items) {
      const { pk, sk, type, ...counts } = item;
      out[(sk as string).slice(consoleKeys.stepStatsPrefix.length)] = counts as StepCounters;
    }
    return out;
  }

  async listDayCounters(sequenceId: string, fromDay: string, toDay: string): Promise<DayCounters[]> {
    const r = await this.table.query({
      pk: keys.stepStats(sequenceId, '').pk,
      between: [`${consoleKeys.stepDayStatsPrefix}${fromDay}`, `${consoleKeys.stepDayStatsPrefix}${toDay}#\uffff`],
    });
    return r.items.map((item) => {
      const { pk, sk, type, day, stepId, ...counts } = item;
      return { day: day as string, stepId: stepId as string, counters: counts as StepCounters };
    });
  }
}
