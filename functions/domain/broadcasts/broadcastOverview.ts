/** What the console shows about broadcasts: every broadcast, and their results counters. */
import type { DomainContext } from '../core/domainContext.js';
import type { Broadcast } from '../ports/staff/broadcasts.js';
import type { StepCounters } from '../ports/sending/results.js';
import { BROADCAST_SEQUENCE_ID } from '../results/countStepEvent.js';

/** Every broadcast, oldest id first. */
export const listBroadcasts = (deps: Pick<DomainContext, 'store'>): Promise<Broadcast[]> => deps.store.listBroadcasts();

/** Every broadcast with its counters (by broadcast id: `sent`, `delivered`, `clicked`, …). */
export const broadcastOverview = async (deps: Pick<DomainContext, 'store'>): Promise<{ broadcasts: Broadcast[]; counters: Record<string, StepCounters> }> => ({
  broadcasts: await deps.store.listBroadcasts(),
  counters: await deps.store.listStepCounters(BROADCAST_SEQUENCE_ID),
});
