/**
 * Issue 16: an UNKNOWN text is settled by SNS's SMS delivery-status record for its number, or sent
 * again after the wait when none came (domain/sending/textDeliveryEvidence.ts documents the rule).
 */
import { describe, expect, it } from 'vitest';
import { ProviderOutcomeUnknown } from '../../../../functions/domain/core/errors.js';
import { callProvider, claim } from '../../../../functions/domain/sending/outbox.js';
import { CLOCK_SKEW_MS, recordTextDeliveryStatus, textDeliveryEvidence } from '../../../../functions/domain/sending/textDeliveryEvidence.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const WAIT = 60 * 60_000;

/** A text row left UNKNOWN (timeout after the Publish left) for a confirmed subscriber. */
const unknownText = async () => {
  const d = memoryDomain();
  d.ctx.settings.unknownTextResendAfterMs = WAIT;
  const s = await d.confirmedSubscriber();
  const job = { sendId: `text-${s.subscriberId}`, subscriberId: s.subscriberId };
  const c = await claim(d.ctx, job, 'sms', {});
  if (!('record' in c)) throw new Error('not claimed');
  const calledAt = d.ctx.clock.now();
  await callProvider(d.ctx, c.record, async () => async () => {
    throw new ProviderOutcomeUnknown('SNS');
  });
  return { d, s, job, calledAt, row: async () => d.ctx.store.getSend(job.sendId) };
};

describe('UNKNOWN text reconciliation by SMS delivery-status records', () => {
  it('a record for the number after the provider call settles the row SENT; it is never claimed again', async () => {
    const { d, s, job, row } = await unknownText();
    d.advance(1500);
    // As SNS logs it: the number as typed by the carrier, the message id the lost answer carried.
    await recordTextDeliveryStatus(d.ctx, { destination: s.phone as string, providerMessageId: 'sns-lost', at: d.ctx.clock.now().toISOString(), status: 'SUCCESS' });
    d.advance(WAIT);
    expect(await claim(d.ctx, job, 'sms', {})).toEqual({ settled: 'SENT' });
    expect((await row())?.providerMessageId).toBe('sns-lost');
  });

  it('a FAILURE record also settles it: SNS took the text, the carrier refused it', async () => {
    const { d, s, job } = await unknownText();
    await recordTextDeliveryStatus(d.ctx, { destination: s.phone as string, providerMessageId: 'sns-f', at: d.ctx.clock.now().toISOString(), status: 'FAILURE' });
    d.advance(WAIT);
    expect(await claim(d.ctx, job, 'sms', {})).toEqual({ settled: 'SENT' });
  });

  it('no record within the wait: claimed again (one worker) and sent once more', async () => {
    const { d, job } = await unknownText();
    d.advance(WAIT - 1000);
    expect(await claim(d.ctx, job, 'sms', {})).toEqual({ settled: 'UNKNOWN' });
    d.advance(1000);
    const again = await claim(d.ctx, job, 'sms', {});
    expect('record' in again).toBe(true);
    expect(await claim(d.ctx, job, 'sms', {})).toEqual({ settled: 'in-flight' });
  });

  it('ignores records from before the provider call, for another number, or already attributed to another send', async () => {
    const { d, s, job, calledAt } = await unknownText();
    const other = await d.confirmedSubscriber();
    const before = new Date(calledAt.getTime() - CLOCK_SKEW_MS - 1000).toISOString();
    await recordTextDeliveryStatus(d.ctx, { destination: s.phone as string, providerMessageId: 'sns-earlier', at: before, status: 'SUCCESS' });
    await recordTextDeliveryStatus(d.ctx, { destination: other.phone as string, providerMessageId: 'sns-other', at: calledAt.toISOString(), status: 'SUCCESS' });
    // A later text of ours to the same number whose Publish answered: its id is in the message log.
    await d.ctx.store.recordMessage({ subscriberId: s.subscriberId, sendId: 'reply', channel: 'sms', template: 'help', state: 'SENT', at: calledAt.toISOString(), providerMessageId: 'sns-reply' }, 0);
    await recordTextDeliveryStatus(d.ctx, { destination: s.phone as string, providerMessageId: 'sns-reply', at: calledAt.toISOString(), status: 'SUCCESS' });
    d.advance(WAIT);
    const row = await d.ctx.store.getSend(job.sendId);
    expect(await textDeliveryEvidence(d.ctx, row as NonNullable<typeof row>)).toBeUndefined();
    expect('record' in (await claim(d.ctx, job, 'sms', {}))).toBe(true);
  });

  it('a record for a number written differently (spaces, no +1) is the same number', async () => {
    const { d, s, job } = await unknownText();
    const digits = (s.phone as string).slice(2);
    await recordTextDeliveryStatus(d.ctx, { destination: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`, providerMessageId: 'sns-x', at: d.ctx.clock.now().toISOString(), status: 'SUCCESS' });
    d.advance(WAIT);
    expect(await claim(d.ctx, job, 'sms', {})).toEqual({ settled: 'SENT' });
  });
});
