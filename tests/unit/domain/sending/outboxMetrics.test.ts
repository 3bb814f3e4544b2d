/** Issue 16: the outbox counts each outcome once, per channel, under the published metric names. */
import { describe, expect, it } from 'vitest';
import { ProviderOutcomeUnknown, ProviderRejected } from '../../../../functions/domain/core/errors.js';
import type { OutboxMetricName } from '../../../../functions/domain/ports/metrics.js';
import { callProvider, claim, skip } from '../../../../functions/domain/sending/outbox.js';
import { METRIC_NAMES } from '../../../../functions/metrics/operationalMetrics.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const counted = () => {
  const seen: string[] = [];
  return { seen, metrics: { count: (name: OutboxMetricName, d: { Channel: string }) => void seen.push(`${name}:${d.Channel}`) } };
};

describe('outbox metrics', () => {
  it.each([
    { outcome: 'an answer', err: undefined, metric: 'MessagesSent' },
    { outcome: 'a rejection', err: new ProviderRejected('bad'), metric: 'MessagesFailed' },
    { outcome: 'an ambiguous failure', err: new ProviderOutcomeUnknown('timeout'), metric: 'MessagesUnknown' },
  ])('counts a claim and $outcome as $metric on its channel', async ({ err, metric }) => {
    const d = memoryDomain();
    const m = counted();
    const ctx = { ...d.ctx, metrics: m.metrics };
    const c = await claim(ctx, { sendId: 's', subscriberId: 'u' }, 'sms', {});
    if (!('record' in c)) throw new Error('not claimed');
    await callProvider(ctx, c.record, async () => async () => {
      if (err) throw err;
      return { providerMessageId: 'p' };
    });
    expect(m.seen).toEqual(['MessagesClaimed:sms', `${metric}:sms`]);
    expect(METRIC_NAMES).toContain(metric);
  });

  it('counts a gate refusal as MessagesSkipped', async () => {
    const d = memoryDomain();
    const m = counted();
    const ctx = { ...d.ctx, metrics: m.metrics };
    const c = await claim(ctx, { sendId: 's', subscriberId: 'u' }, 'email', {});
    if (!('record' in c)) throw new Error('not claimed');
    await skip(ctx, c.record, { ok: false, reason: 'unsubscribed' } as never);
    expect(m.seen).toEqual(['MessagesClaimed:email', 'MessagesSkipped:email']);
  });
});
