/**
 * Results on DynamoDB: recipient event rows (`keys.stepEvent`, on the byStep index) and the
 * per-day counters of each step (`consoleKeys.stepDayStats`; a step's totals are their sum). The event row is
 * written once per event id, so a replayed event counts nothing twice (R9); counters are atomic
 * `ADD`s outside any transaction (issue 16: hot counters conflicted inside transactions).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { consoleKeys, keys, stepIndexKeys } from '../../../../contract/table.js';
import type { StepEvent } from '../../../../domain/core/model.js';
import type { CountedEvent, DayCounters, LastClick, Results, StepCounters } from '../../../../domain/ports/sending/results.js';
import { statsDayOf } from '../../../../domain/results/statsDay.js';
import { conditional, type DynamoTable } from '../DynamoTable.js';

const COUNTER_NAMES = /^[a-z]+$/;

export class DynamoResults implements Results {
  /** `statsTimeZone`: the zone of the per-day counters (the clinic's). */
  constructor(
    private readonly table: DynamoTable,
    private readonly statsTimeZone: string,
  ) {}

  /**
   * Adds one to `event` on the step's clinic-day row: one single-item atomic `ADD`, never a
   * transaction (TransactionConflictException on these hot items, issue 16). A step's totals are
   * the sum of its day rows (listStepCounters), so a count is one request (issue 15); rows written
   * before issue 15 also kept a total row, which the sum makes redundant.
   */
  async #addCounters(sequenceId: string, stepId: string, event: CountedEvent, day: string): Promise<void> {
    if (!COUNTER_NAMES.test(event)) throw new Error(`Not a counter name: ${event}`);
    await this.table.updateRaw({
      Key: consoleKeys.stepDayStats(sequenceId, day, stepId),
      UpdateExpression: 'ADD #e :one SET #type = :type, #day = :day, #stepId = :stepId',
      ExpressionAttributeNames: { '#e': event, '#type': 'type', '#day': 'day', '#stepId': 'stepId' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'stepDayStats', ':day': day, ':stepId': stepId },
    });
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

  async swapLastClick(messageKey: string, click: LastClick, expiresAt: number): Promise<LastClick | undefined> {
    const r = await this.table.doc.send(
      new PutCommand({ TableName: this.table.name, Item: { ...keys.lastClick(messageKey), type: 'lastClick', ...click, expiresAt }, ReturnValues: 'ALL_OLD' }),
    );
    const old = r.Attributes;
    if (!old || (typeof old.expiresAt === 'number' && old.expiresAt <= Math.floor(Date.now() / 1000))) return undefined;
    return { eventId: old.eventId as string, at: old.at as string, target: old.target as string, human: old.human as boolean };
  }

  /**
   * Turns a click already counted as a person's into a machine's (the burst rule of
   * click-classification.md): one conditional update of the event row (`kind = clicked`, so a
   * replay moves nothing twice), then atomic `ADD` of -1 clicked / +1 machineclicked on the
   * step's clinic-day row, outside any transaction (issue 16: hot counters
   * conflicted in transactions). Returns false when the row was not a person's click.
   */
  async reclassifyClick(event: StepEvent): Promise<boolean> {
    const moved = await conditional(() =>
      this.table.updateRaw({
        Key: keys.stepEvent(event.eventId),
        UpdateExpression: 'SET #kind = :machine',
        ConditionExpression: '#kind = :clicked',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':machine': 'machineclicked', ':clicked': 'clicked' },
      }),
    );
    if (!moved || !event.sequenceId || !event.stepId) return moved;
    const move = (key: { pk: string; sk: string }) =>
      this.table.updateRaw({
        Key: key,
        UpdateExpression: 'ADD #from :less, #to :one',
        ExpressionAttributeNames: { '#from': 'clicked', '#to': 'machineclicked' },
        ExpressionAttributeValues: { ':less': -1, ':one': 1 },
      });
    const day = statsDayOf(new Date(event.at), this.statsTimeZone);
    // Day rows only: a step's totals are the sum of its day rows (listStepCounters, issue 15).
    await move(consoleKeys.stepDayStats(event.sequenceId, day, event.stepId));
    return true;
  }

  async listStepCounters(sequenceId: string): Promise<Record<string, StepCounters>> {
    // Every day row of the sequence, summed per step: one Query (paged) on the stats partition.
    const r = await this.table.query({ pk: keys.stepStats(sequenceId, '').pk, prefix: consoleKeys.stepDayStatsPrefix });
    const out: Record<string, StepCounters> = {};
    for (const item of r.items) {
      const { pk, sk, type, day, stepId, ...counts } = item;
      const total = (out[stepId as string] ??= {});
      for (const [event, n] of Object.entries(counts)) total[event as CountedEvent] = (total[event as CountedEvent] ?? 0) + Number(n);
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
