/**
 * Records one recipient event (delivered, bounced, clicked, unsubscribed, booked…) with the
 * message-log retention (P7), counted once per eventId on its step for results.
 */
import { retention } from '../../contract/table.js';
import type { DomainContext } from '../core/domainContext.js';
import type { StepEvent } from '../core/model.js';

/** Records `event` once per eventId, with the message-log retention; false when it was already recorded. */
export const recordStepEvent = (deps: DomainContext, event: StepEvent): Promise<boolean> =>
  deps.store.recordStepEvent(event, Math.floor(deps.clock.now().getTime() / 1000) + retention.messageLogSeconds);
