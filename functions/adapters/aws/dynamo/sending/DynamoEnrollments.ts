/**
 * Enrollments on DynamoDB: the enrollment row (`keys.enrollment`) with its sparse due-index keys,
 * the parked rows of paused sequences and the sharded membership rows. Park and unpark move the
 * enrollment and its parked row in one transaction.
 */
import { consoleKeys, dueIndexKeys, keys, shardOf } from '../../../../contract/table.js';
import type { Enrollment } from '../../../../domain/core/model.js';
import { enrollmentAttributesDropped, type Enrollments, storedEnrollment } from '../../../../domain/ports/sending/enrollments.js';
import { conditional, type DynamoTable, stripStorageAttributes } from '../DynamoTable.js';

const strip = stripStorageAttributes;
const DUE_KEYS = ['dueAt', 'duePk', 'dueSk'];

export class DynamoEnrollments implements Enrollments {
  constructor(private readonly table: DynamoTable) {}

  #enrollmentItem(e: Enrollment) {
    return {
      ...keys.enrollment(e.subscriberId, e.sequenceId),
      type: 'enrollment',
      ...storedEnrollment(e),
      ...(e.dueAt ? dueIndexKeys(shardOf(e.enrollmentId), e.dueAt, e.enrollmentId) : {}),
    };
  }

  async createEnrollment(e: Enrollment): Promise<boolean> {
    return conditional(() => this.table.put(this.#enrollmentItem(e), { expr: 'attribute_not_exists(pk)' }));
  }

  async getEnrollment(subscriberId: string, sequenceId: string): Promise<Enrollment | undefined> {
    const item = await this.table.get(keys.enrollment(subscriberId, sequenceId));
    return item ? strip<Enrollment>(item) : undefined;
  }

  async listEnrollments(subscriberId: string): Promise<Enrollment[]> {
    return (await this.table.query({ pk: keys.subscriber(subscriberId).pk, prefix: keys.enrollmentPrefix })).items.map((i) => strip<Enrollment>(i));
  }

  async listDue(shard: number, now: Date, limit: number): Promise<Enrollment[]> {
    return (await this.table.queryDue(dueIndexKeys(shard, '', '').duePk, now, limit)).map((i) => strip<Enrollment>(i));
  }

  async leaseDue(e: Enrollment, until: string): Promise<boolean> {
    const due = dueIndexKeys(shardOf(e.enrollmentId), until, e.enrollmentId);
    return conditional(() =>
      this.table.update(keys.enrollment(e.subscriberId, e.sequenceId), { dueAt: until, dueSk: due.dueSk }, [], {
        expr: 'nextStepIndex = :i AND dueAt = :old AND #status = :active',
        names: { '#status': 'status' },
        values: { ':i': e.nextStepIndex, ':old': e.dueAt, ':active': 'active' },
      }),
    );
  }

  async advanceEnrollment(e: Enrollment, fromStepIndex: number, next: Partial<Enrollment>, removeDue: boolean): Promise<boolean> {
    const set: Record<string, unknown> = storedEnrollment(next);
    if (next.dueAt && !removeDue) Object.assign(set, dueIndexKeys(shardOf(e.enrollmentId), next.dueAt, e.enrollmentId));
    return conditional(() =>
      this.table.update(keys.enrollment(e.subscriberId, e.sequenceId), set, [...(removeDue ? DUE_KEYS : []), ...enrollmentAttributesDropped(next)], {
        expr: 'nextStepIndex = :from',
        values: { ':from': fromStepIndex },
      }),
    );
  }

  async restartEnrollment(e: Enrollment, expectedStatus: string): Promise<boolean> {
    return conditional(() => this.table.put(this.#enrollmentItem(e), { expr: '#status = :expected', names: { '#status': 'status' }, values: { ':expected': expectedStatus } }));
  }

  async exitEnrollment(subscriberId: string, sequenceId: string, reason: string): Promise<boolean> {
    return conditional(() =>
      this.table.update(keys.enrollment(subscriberId, sequenceId), { status: 'exited', exitReason: reason }, DUE_KEYS, {
        expr: '#status = :active',
        names: { '#status': 'status' },
        values: { ':active': 'active' },
      }),
    );
  }

  async addEnrollmentGoal(subscriberId: string, sequenceId: string, goal: string): Promise<boolean> {
    return conditional(() =>
      this.table.updateRaw({
        Key: keys.enrollment(subscriberId, sequenceId),
        UpdateExpression: 'SET goals = list_append(if_not_exists(goals, :empty), :goals)',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(goals) OR NOT contains(goals, :goal))',
        ExpressionAttributeValues: { ':empty': [], ':goals': [goal], ':goal': goal },
      }),
    );
  }

  async parkEnrollment(e: Enrollment, at: string): Promise<boolean> {
    return conditional(() =>
      this.table.transact([
        {
          Update: {
            TableName: '',
            Key: keys.enrollment(e.subscriberId, e.sequenceId),
            UpdateExpression: 'SET parkedAt = :at REMOVE dueAt, duePk, dueSk',
            ConditionExpression: 'nextStepIndex = :i AND #status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':at': at, ':i': e.nextStepIndex, ':active': 'active' },
          },
        },
        {
          Put: {
            TableName: '',
            Item: { ...consoleKeys.parkedEnrollment(e.sequenceId, e.enrollmentId), type: 'parked', subscriberId: e.subscriberId, sequenceId: e.sequenceId, at },
          },
        },
      ]),
    );
  }

  async listParked(sequenceId: string, limit: number): Promise<{ subscriberId: string; sequenceId: string }[]> {
    const r = await this.table.query({ pk: consoleKeys.parkedPartition(sequenceId), limit });
    return r.items.map((i) => ({ subscriberId: i.subscriberId as string, sequenceId: i.sequenceId as string }));
  }

  async unparkEnrollment(e: Enrollment, next: Pick<Enrollment, 'nominalAt' | 'dueAt'>): Promise<boolean> {
    const parked = consoleKeys.parkedEnrollment(e.sequenceId, e.enrollmentId);
    if (!next.dueAt) {
      await this.table.delete(parked);
      return false;
    }
    const due = dueIndexKeys(shardOf(e.enrollmentId), next.dueAt, e.enrollmentId);
    const moved = await conditional(() =>
      this.table.transact([
        {
          Update: {
            TableName: '',
            Key: keys.enrollment(e.subscriberId, e.sequenceId),
            UpdateExpression: 'SET nominalAt = :n, dueAt = :d, duePk = :dp, dueSk = :ds REMOVE parkedAt',
            ConditionExpression: 'attribute_exists(parkedAt) AND nextStepIndex = :i AND #status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':n': next.nominalAt, ':d': next.dueAt, ':dp': due.duePk, ':ds': due.dueSk, ':i': e.nextStepIndex, ':active': 'active' },
          },
        },
        { Delete: { TableName: '', Key: parked } },
      ]),
    );
    // An enrollment that ended or moved while parked needs no resume: only its marker goes.
    if (!moved) await this.table.delete(parked);
    return moved;
  }

  async addSequenceMember(sequenceId: string, subscriberId: string): Promise<void> {
    await this.table.put({ ...consoleKeys.sequenceMember(sequenceId, shardOf(subscriberId), subscriberId), type: 'sequenceMember', subscriberId });
  }

  async listSequenceMembers(sequenceId: string, shard: number, limit: number, after?: string): Promise<{ subscriberIds: string[]; next?: string }> {
    const pk = consoleKeys.sequenceMemberPartition(sequenceId, shard);
    const r = await this.table.query({ pk, limit, ...(after ? { after: { pk, sk: after } } : {}) });
    const subscriberIds = r.items.map((i) => i.subscriberId as string);
    return { subscriberIds, ...(r.last ? { next: r.last.sk as string } : {}) };
  }
}
