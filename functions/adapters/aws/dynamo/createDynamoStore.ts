/**
 * The Store on DynamoDB (the same code against AWS and DynamoDB Local): one adapter per aggregate
 * port, all over one DynamoTable, composed into the one object the domain receives.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Store } from '../../../domain/ports/store.js';
import { composePorts } from '../../composePorts.js';
import { DynamoConsoleMessages } from './staff/DynamoConsoleMessages.js';
import { DynamoAuditLog } from './staff/DynamoAuditLog.js';
import { DynamoBookings } from './people/DynamoBookings.js';
import { DynamoBroadcasts } from './staff/DynamoBroadcasts.js';
import { DynamoClinicSettings } from './staff/DynamoClinicSettings.js';
import { DynamoConsentLedger } from './people/DynamoConsentLedger.js';
import { DynamoEnrollments } from './sending/DynamoEnrollments.js';
import { DynamoMessageLog } from './sending/DynamoMessageLog.js';
import { DynamoOutbox } from './sending/DynamoOutbox.js';
import { DynamoTextDeliveryLog } from './sending/DynamoTextDeliveryLog.js';
import { DynamoResults } from './sending/DynamoResults.js';
import { DynamoSendPath } from './sending/DynamoSendPath.js';
import { DynamoSequenceVersions } from './sending/DynamoSequenceVersions.js';
import { DynamoShortLinks } from './sending/DynamoShortLinks.js';
import { DynamoSubscribers } from './people/DynamoSubscribers.js';
import { DynamoSignupRecords } from './people/DynamoSignupRecords.js';
import { DynamoSuppressionList } from './people/DynamoSuppressionList.js';
import { DynamoTable } from './DynamoTable.js';

export interface DynamoStoreOptions {
  /** Zone of the per-day result counters (the clinic's IANA zone); UTC when not given. */
  statsTimeZone?: string;
}

/** Builds the Store on table `tableName` through `client` (whose middleware, if any, sees every call). */
export const createDynamoStore = (client: DynamoDBClient, tableName: string, options: DynamoStoreOptions = {}): Store => {
  const table = new DynamoTable(client, tableName);
  return composePorts<Store>(
    new DynamoSubscribers(table),
    new DynamoConsentLedger(table),
    new DynamoSuppressionList(table),
    new DynamoSignupRecords(table),
    new DynamoEnrollments(table),
    new DynamoOutbox(table),
    new DynamoMessageLog(table),
    new DynamoShortLinks(table),
    new DynamoBookings(table),
    new DynamoResults(table, options.statsTimeZone ?? 'UTC'),
    new DynamoSequenceVersions(table),
    new DynamoAuditLog(table),
    new DynamoBroadcasts(table),
    new DynamoClinicSettings(table),
    new DynamoConsoleMessages(table),
    new DynamoSendPath(table),
    new DynamoTextDeliveryLog(table),
  );
};
