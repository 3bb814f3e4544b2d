/**
 * The Store in memory: the same ports as the DynamoDB adapters, for fast unit tests of the
 * domain's rules and for demos. Not for production (no persistence, one process).
 */
import type { Store } from '../../domain/ports/store.js';
import { composePorts } from '../composePorts.js';
import { MemoryConsoleMessages } from './staff/MemoryConsoleMessages.js';
import { MemoryBroadcasts } from './staff/MemoryBroadcasts.js';
import { MemoryClinicSettings } from './staff/MemoryClinicSettings.js';
import { MemoryAuditLog, MemorySequenceVersions } from './MemoryConsoleRecords.js';
import { MemoryConsentLedger } from './people/MemoryConsentLedger.js';
import { MemoryEnrollments } from './sending/MemoryEnrollments.js';
import { MemoryMessageLog } from './sending/MemoryMessageLog.js';
import { MemoryOutbox } from './sending/MemoryOutbox.js';
import { MemoryTextDeliveryLog } from './sending/MemoryTextDeliveryLog.js';
import { MemoryBookings, MemoryShortLinks } from './MemoryRecipientRecords.js';
import { MemoryResults } from './sending/MemoryResults.js';
import { MemorySendPath } from './sending/MemorySendPath.js';
import { MemorySubscribers } from './people/MemorySubscribers.js';
import { MemorySignupRecords } from './people/MemorySignupRecords.js';
import { MemorySuppressionList } from './people/MemorySuppressionList.js';

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
