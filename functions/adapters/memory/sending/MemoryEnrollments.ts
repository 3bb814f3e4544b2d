/** Enrollments in memory, with the DynamoDB adapter's conditions; the due index is every enrollment with a dueAt. */
import { shardOf } from '../../../contract/table.js';
import type { Enrollment } from '../../../domain/core/model.js';
import { enrollmentAttributesDropped, type Enrollments, storedEnrollment } from '../../../domain/ports/sending/enrollments.js';
import { applyUpdate, copy } from '../memoryRows.js';

type Row = Enrollment;

export class MemoryEnrollments implements Enrollments {
  private readonly rows = new Map<string, Row>();
  private readonly parked = new Map<string, { subscriberId: string; sequenceId: string; enrollmentId: string; at: string }>();
  private readonly members = new Map<string, Set<string>>();

  #row(subscriberId: string, sequenceId: string): Row | undefined {
    return this.rows.get(`${subscriberId}#${sequenceId}`);
  }

  async createEnrollment(e: Enrollment): Promise<boolean> {
    const key = `${e.subscriberId}#${e.sequenceId}`;
    if (this.rows.has(key)) return false;
    this.rows.set(key, copy(storedEnrollment(e)));
    return true;
  }

  async getEnrollment(subscriberId: string, sequenceId: string): Promise<Enrollment | undefined> {
    const r = this.#row(subscriberId, sequenceId);
    return r ? copy(r) : undefined;
  }

  async listEnrollments(subscriberId: string): Promise<Enrollment[]> {
    return [...this.rows.values()]
      .filter((r) => r.subscriberId === subscriberId)
      .sort((a, b) => (a.sequenceId < b.sequenceId ? -1 : 1))
      .map(copy);
  }

  async listDue(shard: number, now: Date, limit: number): Promise<Enrollment[]> {
    const upTo = now.toISOString();
    return [...this.rows.values()]
      .filter((r) => r.dueAt !== undefined && r.dueAt <= upTo && shardOf(r.enrollmentId) === shard)
      .sort((a, b) => (`${a.dueAt}#${a.enrollmentId}` < `${b.dueAt}#${b.enrollmentId}` ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  async leaseDue(e: Enrollment, until: string): Promise<boolean> {
    const r = this.#row(e.subscriberId, e.sequenceId);
    if (!r || r.nextStepIndex !== e.nextStepIndex || r.dueAt !== e.dueAt || r.status !== 'active') return false;
    r.dueAt = until;
    return true;
  }

  async advanceEnrollment(e: Enrollment, fromStepIndex: number, next: Partial<Enrollment>, removeDue: boolean): Promise<boolean> {
    const r = this.#row(e.subscriberId, e.sequenceId);
    if (!r || r.nextStepIndex !== fromStepIndex) return false;
    applyUpdate(r as unknown as Record<string, unknown>, storedEnrollment(next), [...(removeDue ? ['dueAt'] : []), ...enrollmentAttributesDropped(next)]);
    return true;
  }

  async restartEnrollment(e: Enrollment, expectedStatus: string): Promise<boolean> {
    const key = `${e.subscriberId}#${e.sequenceId}`;
    if (this.rows.get(key)?.status !== expectedStatus) return false;
    this.rows.set(key, copy(storedEnrollment(e)));
    return true;
  }

  async exitEnrollment(subscriberId: string, sequenceId: string, reason: string): Promise<boolean> {
    const r = this.#row(subscriberId, sequenceId);
    if (!r || r.status !== 'active') return false;
    applyUpdate(r as unknown as Record<string, unknown>, { status: 'exited', exitReason: reason }, ['dueAt']);
    return true;
  }

  async addEnrollmentGoal(subscriberId: string, sequenceId: string, goal: string): Promise<boolean> {
    const r = this.#row(subscriberId, sequenceId);
    if (!r || r.goals?.includes(goal)) return false;
    r.goals = [...(r.goals ?? []), goal];
    return true;
  }

  async parkEnrollment(e: Enrollment, at: string): Promise<boolean> {
    const r = this.#row(e.subscriberId, e.sequenceId);
    if (!r || r.nextStepIndex !== e.nextStepIndex || r.status !== 'active') return false;
    applyUpdate(r as unknown as Record<string, unknown>, { parkedAt: at }, ['dueAt']);
    this.parked.set(`${e.sequenceId}#${e.enrollmentId}`, { subscriberId: e.subscriberId, sequenceId: e.sequenceId, enrollmentId: e.enrollmentId, at });
    return true;
  }

  async listParked(sequenceId: string, limit: number): Promise<{ subscriberId: string; sequenceId: string }[]> {
    return [...this.parked.values()]
      .filter((p) => p.sequenceId === sequenceId)
      .sort((a, b) => (a.enrollmentId < b.enrollmentId ? -1 : 1))
      .slice(0, limit)
      .map(({ subscriberId, sequenceId: s }) => ({ subscriberId, sequenceId: s }));
  }

  async unparkEnrollment(e: Enrollment, next: Pick<Enrollment, 'nominalAt' | 'dueAt'>): Promise<boolean> {
    const parkedKey = `${e.sequenceId}#${e.enrollmentId}`;
    const r = this.#row(e.subscriberId, e.sequenceId);
    const resumable = !!next.dueAt && !!r && r.parkedAt !== undefined && r.nextStepIndex === e.nextStepIndex && r.status === 'active';
    this.parked.delete(parkedKey);
    if (!resumable || !r) return false;
    applyUpdate(r as unknown as Record<string, unknown>, { nominalAt: next.nominalAt, dueAt: next.dueAt }, ['parkedAt']);
    return true;
  }

  async addSequenceMember(sequenceId: string, subscriberId: string): Promise<void> {
    const key = `${sequenceId}#${shardOf(subscriberId)}`;
    this.members.set(key, (this.members.get(key) ?? new Set()).add(subscriberId));
  }

  async listSequenceMembers(sequenceId: string, shard: number, limit: number, after?: string): Promise<{ subscriberIds: string[]; next?: string }> {
    const all = [...(this.members.get(`${sequenceId}#${shard}`) ?? [])].sort().filter((id) => after === undefined || id > after);
    const subscriberIds = all.slice(0, limit);
    // DynamoDB hands back a LastEvaluatedKey whenever a page is full.
    const last = subscriberIds[subscriberIds.length - 1];
    return { subscriberIds, ...(subscriberIds.length === limit && last ? { next: last } : {}) };
  }
}
