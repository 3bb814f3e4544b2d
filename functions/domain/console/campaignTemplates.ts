/**
 * The templates staff may put in a sequence step or a broadcast: every catalog template of the
 * channel except those that belong to a flow of their own (double opt-in confirmations,
 * keyword replies, booking messages), which must never go out as marketing.
 */
import { emailTemplateIds, smsTemplateIds } from '../../rendering/index.js';
import type { Channel } from '../core/model.js';

const OWN_FLOW = new Set(['confirm-email', 'optin-confirm', 'help', 'stop-confirm', 'start-confirm', 'booking-confirmation', 'booking-notification', 'reply-received', 'inbound-text-notification']);

export const campaignTemplates = (channel: Channel): string[] =>
  (channel === 'email' ? emailTemplateIds() : smsTemplateIds()).filter((t) => !OWN_FLOW.has(t));
