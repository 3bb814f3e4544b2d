/**
 * The send worker's fast path in memory: the same answers as DynamoSendPath, built on the other
 * in-memory ports (one process, no interleaving between a check and its write: every call below
 * resolves without waiting on I/O).
 */
import type { MessageRecord, SendRecord } from '../../../domain/core/model.js';
import type { ClaimGuards, EnrollmentAdvance, SendPath, SubscriberSnapshot } from '../../../domain/ports/sending/sendPath.js';
import type { Store } from '../../../domain/ports/store.js';

export class MemorySendPath implements SendPath {
  /** `store`: the composed memory Store this adapter is part of (given late: it includes this adapter). */
  constructor(private readonly store: () => Store) {}

  async readSubscriberSnapshot(subscriberId: string, now: Date): Promise<SubscriberSnapshot> {
    const s = this.store();
    const subscriber = await s.getSubscriber(subscriberId, now);
    return { ...(subscriber ? { subscriber } : {}), consent: await s.listConsent(subscriberId), enrollments: await s.listEnrollments(subscriberId) };
  }

  async claimGuarded(record: SendRecord, guards: ClaimGuards): Promise<boolean> {
    const s = this.store();
    const g = guards.subscriber;
    const p = await s.getSubscriber(g.subscriberId, new Date(0));
    const [status, address] = g.channel === 'email' ? [p?.emailStatus, p?.email] : [p?.smsStatus, p?.phone];
    if (status !== 'confirmed' || address !== g.address) return false;
    for (const hash of guards.suppressionHashes) if (await s.isSuppressed(hash)) return false;
    const e = guards.enrollment;
    if (e) {
      const current = await s.getEnrollment(e.subscriberId, e.sequenceId);
      if (current?.status !== 'active' || current.nextStepIndex !== e.stepIndex || (current.goals?.length ?? 0) !== e.goals) return false;
    }
    if (await s.getSend(record.sendId)) return false;
    if (!(await s.claimSend(record, new Date(0)))) return false;
    if (guards.shortLink) await s.putShortLink(guards.shortLink.linkId, guards.shortLink.claims, guards.shortLink.expiresAt);
    return true;
  }

  async settleDelivered(claimToken: string, patch: Partial<SendRecord>, message: MessageRecord, expiresAt: number, advance?: EnrollmentAdvance): Promise<void> {
    const s = this.store();
    await s.settleSend(message.sendId, claimToken, patch);
    await s.recordMessage(message, expiresAt);
    if (advance) await s.advanceEnrollment(advance.enrollment, advance.fromStepIndex, advance.next, advance.removeDue);
  }
}
