/** Delivery feedback (O3, R9) and inbound texts (S4–S6) on in-memory ports. */
import { describe, expect, it } from 'vitest';
import { handleDeliveryFeedback } from '../../../../functions/domain/recipientActions/handleDeliveryFeedback.js';
import { handleInboundText } from '../../../../functions/domain/recipientActions/handleInboundText.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

describe('delivery feedback', () => {
  it('suppresses an address on a permanent bounce, once per notification (R9)', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['email']);
    const fb = { feedbackId: 'n-1:Bounce', kind: 'bounced' as const, bounceType: 'permanent' as const, providerMessageId: 'ses-1', recipients: [` ${s.email as string}`] };
    expect(await handleDeliveryFeedback(d.ctx, fb)).toBe('handled');
    expect(await handleDeliveryFeedback(d.ctx, fb)).toBe('duplicate');
    expect(await d.ctx.store.isSuppressed(d.ctx.hasher.hash('email', s.email as string))).toBe(true);
    expect((await d.ctx.store.getSubscriber(s.subscriberId, d.ctx.clock.now()))?.emailStatus).toBe('suppressed');
  });

  it('suppresses only at the transient-bounce limit (3), counting each notification once', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['email']);
    const bounce = (id: string) => handleDeliveryFeedback(d.ctx, { feedbackId: id, kind: 'bounced', bounceType: 'transient', providerMessageId: 'p', recipients: [s.email as string] });
    await bounce('a');
    await bounce('a');
    await bounce('b');
    expect(await d.ctx.store.isSuppressed(d.ctx.hasher.hash('email', s.email as string))).toBe(false);
    await bounce('c');
    expect(await d.ctx.store.isSuppressed(d.ctx.hasher.hash('email', s.email as string))).toBe(true);
  });
});

describe('inbound texts', () => {
  it('STOP unsubscribes the number, suppresses it and queues one confirmation for repeated STOPs (S5)', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['sms']);
    d.advance(60_000);
    expect(await handleInboundText(d.ctx, s.phone as string, 'STOP', 'm-1')).toEqual({ intent: 'stop', known: true });
    await handleInboundText(d.ctx, s.phone as string, 'stop', 'm-2');
    expect((await d.ctx.store.getSubscriber(s.subscriberId, d.ctx.clock.now()))?.smsStatus).toBe('unsubscribed');
    expect(await d.ctx.store.isSuppressed(d.ctx.hasher.hash('sms', s.phone as string))).toBe(true);
    expect(d.queued.filter((j) => j.kind === 'system' && j.template === 'stop-confirm')).toHaveLength(1);
    expect((await d.ctx.store.listConsent(s.subscriberId)).at(-1)?.action).toBe('revoked');
  });

  it('a STOP whose first handling unsubscribed the number but failed before queuing its confirmation queues it when redelivered (S5: not lost)', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['sms']);
    const appendConsent = d.ctx.store.appendConsent.bind(d.ctx.store);
    let failures = 1;
    d.ctx.store.appendConsent = async (...args) => {
      if (failures-- > 0) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ThrottlingException' });
      return appendConsent(...args);
    };
    await expect(handleInboundText(d.ctx, s.phone as string, 'STOP', 'm-stop')).rejects.toThrow('capacity');
    expect((await d.ctx.store.getSubscriber(s.subscriberId, d.ctx.clock.now()))?.smsStatus).toBe('unsubscribed');
    expect(d.queued).toEqual([]);

    await handleInboundText(d.ctx, s.phone as string, 'STOP', 'm-stop'); // SNS redelivers the same text
    const confirmations = d.queued.filter((j) => j.kind === 'system' && j.template === 'stop-confirm');
    expect(confirmations).toHaveLength(1);
    // A later, separate STOP is a repeat: no second confirmation.
    await handleInboundText(d.ctx, s.phone as string, 'STOP', 'm-stop-again');
    expect(d.queued.filter((j) => j.kind === 'system' && j.template === 'stop-confirm')).toHaveLength(1);
  });

  it('a YES whose first handling confirmed the number but failed before enrolling enrolls it when redelivered (no series lost)', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({ smsStatus: 'pending', email: undefined }, ['sms']);
    const createEnrollment = d.ctx.store.createEnrollment.bind(d.ctx.store);
    let failures = 1;
    d.ctx.store.createEnrollment = async (e) => {
      if (failures-- > 0) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ThrottlingException' });
      return createEnrollment(e);
    };
    await expect(handleInboundText(d.ctx, s.phone as string, 'YES', 'm-1')).rejects.toThrow('capacity');
    expect((await d.ctx.store.getSubscriber(s.subscriberId, d.ctx.clock.now()))?.smsStatus).toBe('confirmed');
    expect(await d.ctx.store.getEnrollment(s.subscriberId, 'cervical-dystonia')).toBeUndefined();

    await handleInboundText(d.ctx, s.phone as string, 'YES', 'm-1'); // SNS redelivers the same text
    expect((await d.ctx.store.getEnrollment(s.subscriberId, 'cervical-dystonia'))?.status).toBe('active');
    await handleInboundText(d.ctx, s.phone as string, 'YES', 'm-2'); // and a YES after that changes nothing
    expect((await d.ctx.store.getEnrollment(s.subscriberId, 'cervical-dystonia'))?.nextStepIndex).toBe(0);
  });

  it('START after STOP lifts the keyword suppression and confirms the channel again', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['sms']);
    await handleInboundText(d.ctx, s.phone as string, 'STOP', 'm-1');
    await handleInboundText(d.ctx, s.phone as string, 'START', 'm-2');
    expect(await d.ctx.store.isSuppressed(d.ctx.hasher.hash('sms', s.phone as string))).toBe(false);
    expect((await d.ctx.store.getSubscriber(s.subscriberId, d.ctx.clock.now()))?.smsStatus).toBe('confirmed');
  });

  it('keeps a free-text reply for staff, forwards it to the clinic, and auto-replies at most once per window (issue 11)', async () => {
    const d = memoryDomain();
    const s = await d.confirmedSubscriber({}, ['sms']);
    await handleInboundText(d.ctx, s.phone as string, 'Can I bring my husband to the consultation?', 'm-1');
    await handleInboundText(d.ctx, s.phone as string, 'And where do I park?', 'm-2');
    expect(d.memory.messageLog.inboundTexts(s.subscriberId).map((t) => [t.keyword, t.body])).toEqual([
      ['other', 'Can I bring my husband to the consultation?'],
      ['other', 'And where do I park?'],
    ]);
    expect(d.queued.filter((j) => j.kind === 'clinic-text')).toHaveLength(2);
    expect(d.queued.filter((j) => j.kind === 'system' && j.template === 'reply-received')).toHaveLength(1);
  });
});
