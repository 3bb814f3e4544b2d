/**
 * Issue 16: a booking retried with the same form request id books once; a first attempt that
 * stopped after storing the request (the queue failed: the patient saw a 503) is completed by
 * the retry, with the same send ids, so the clinic and the patient are each told once.
 */
import { describe, expect, it } from 'vitest';
import type { SendJob } from '../../../../functions/domain/core/model.js';
import type { BookingFormRequest } from '../../../../functions/domain/recipientActions/BookingForm.js';
import { bookingIdOf, requestConsultation } from '../../../../functions/domain/recipientActions/requestConsultation.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const form = (over: Partial<BookingFormRequest> = {}): BookingFormRequest => ({
  firstName: 'Olga',
  email: 'olga@example.com',
  locationId: 'whittier',
  preferredTimes: 'Friday afternoon',
  language: 'en',
  honeypotFilled: false,
  requestId: 'r3quest-id-0123456789',
  ...over,
});

describe('a retried booking', () => {
  it('stores one request under the id derived from the request id, and queues the same jobs again', async () => {
    const d = memoryDomain();
    const first = await requestConsultation(d.ctx, form());
    d.advance(3_000);
    const again = await requestConsultation(d.ctx, form());
    expect(first.bookingId).toBe(bookingIdOf('r3quest-id-0123456789'));
    expect(again).toEqual({ ...first, repeated: true });
    const sendIds = d.queued.map((j) => j.sendId);
    expect(sendIds).toHaveLength(2);
    expect(new Set(sendIds).size).toBe(1);
    expect((await d.ctx.store.getBooking(first.bookingId as string))?.at).toBe('2026-03-02T17:00:00.000Z');
  });

  it('completes a first attempt that stopped after the write', async () => {
    const d = memoryDomain();
    const enqueue = d.ctx.queue.enqueue;
    d.ctx.queue.enqueue = async () => {
      throw Object.assign(new Error('queue unavailable'), { name: 'ServiceUnavailable' });
    };
    await expect(requestConsultation(d.ctx, form())).rejects.toThrow('queue unavailable');
    d.ctx.queue.enqueue = enqueue;
    const retry = await requestConsultation(d.ctx, form());
    expect(retry.repeated).toBe(true);
    expect(d.queued).toMatchObject([{ kind: 'clinic', bookingId: retry.bookingId } satisfies Partial<SendJob>]);
  });

  it('keeps requests without a request id (older pages, API clients) apart', async () => {
    const d = memoryDomain();
    const { requestId: _, ...plain } = form();
    const a = await requestConsultation(d.ctx, plain);
    const b = await requestConsultation(d.ctx, plain);
    expect(a.bookingId).not.toBe(b.bookingId);
  });
});
