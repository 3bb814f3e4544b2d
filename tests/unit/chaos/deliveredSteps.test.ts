/** The chaos audit knows a text's step only by its words; a text it cannot place is counted, not taken for a loss. */
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../local/Outbox.js';
import { deliveredSteps, unattributedTexts } from '../../../scripts/chaos/deliveredSteps.js';
import { sampleMergeContext } from '../../../functions/rendering/merge/sampleMergeContext.js';
import { renderSms } from '../../../functions/rendering/renderSms.js';

const text = (body: string): OutboxEntry => ({ id: 'm1', channel: 'sms', to: '+17145550100', from: '+18885550100', body, sentAt: '2026-12-01T18:00:00.000Z' });

describe('chaos audit: texts', () => {
  it('places a rendered drip text on its step and a system text nowhere, and counts neither as unattributed', async () => {
    const drip = text((await renderSms('self-care', 'es', sampleMergeContext('es'))).body);
    const stop = text((await renderSms('stop-confirm', 'en', sampleMergeContext('en'))).body);
    expect(deliveredSteps([drip, stop], 'cervical-dystonia').map((s) => s.stepId)).toEqual(['self-care-sms']);
    expect(unattributedTexts([drip, stop])).toEqual([]);
  });

  it('counts a text whose words match no template source (the audit cannot see its step)', () => {
    expect(unattributedTexts([text('SoCal Pain Center: a message from a template that has since changed')])).toHaveLength(1);
  });
});
