/**
 * The Store in memory: the same ports as the DynamoDB adapters, for fast unit tests of the
 * domain's rules and for demos. Not for production (no persistence, one process).
 */
import type { Store } from '../../domain/ports/store.js';
import { composePorts } from '../composePorts.js';
import { MemoryConsoleMessages } from './MemoryConsoleMessages.js';
import { MemoryBroadcasts } from './MemoryBroadcasts.js';
import { MemoryClinicSettings } from './MemoryClinicSettings.js';
import { MemoryAuditLog, MemorySequenceVersions } from './MemoryConsoleRecords.js';
import { MemoryConsentLedger } from './MemoryConsentLedger.js';
import { MemoryEnrollments } from './MemoryEnrollments.js';
import { MemoryMessageLog } from './MemoryMessageLog.js';
import { MemoryOutbox } from './MemoryOutbox.js';
import { MemoryTextDeliveryLog } from './MemoryTextDeliveryLog.js';
import { MemoryBookings, MemoryShortLinks } from './MemoryRecipientRecords.js';
import { MemoryResults } from './MemoryResults.js';
import { MemorySendPath } from './MemorySendPath.js';
import { MemorySubscribers } from './MemorySubscribers.js';
import { MemorySignupRecords } from './MemorySignupRecords.js';
import { MemorySuppressionList } from './MemorySuppressionList.js';

/** The Store, plus the in-memory parts tests may read beyond the ports (inbound texts, raw events). */
export interface MemoryStore {
  store: Store;
  messageLog: MemoryMessageLog;
  results: MemoryResults;
}

/** `statsTimeZone`: the zone of the per-day result counters (the clinic's IANA zone); UTC when not given. */
export const createMemoryStore = (options: { statsTimeZone?: string } = {}): MemoryStore => {
  const messageLog = new MemoryMessageLog();
  const results = new MemoryResults(options.statsTimeZone ?? 'UTC');
  let store: Store | undefined;
  store = composePorts<Store>(
    new MemorySubscribers(),
    new MemoryConsentLedger(),
    new MemorySuppressionList(),
    new MemorySignupRecords(),
    new MemoryEnrollments(),
    new MemoryOutbox(messageLog),
    messageLog,
    new MemoryShortLinks(),
    new MemoryBookings(),
    results,
    new MemorySequenceVersions(),
    new MemoryAuditLog(),
    new MemoryBroadcasts(),
    new MemoryClinicSettings(),
    new MemoryConsoleMessages(),
    new MemorySendPath(() => store as Store),
    new MemoryTextDeliveryLog(),
  );
  return { store, messageLog, results };
};
