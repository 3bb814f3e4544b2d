/**
 * Everything the domain keeps, as one object of small aggregate ports over the one DynamoDB
 * table. Each port has a DynamoDB adapter (functions/adapters/aws/dynamo/) and an in-memory
 * one (functions/adapters/memory/); `createDynamoStore` / `createMemoryStore` compose them.
 * A use case that needs only some of them takes `Pick<Store, …>` or the port itself.
 */
import type { AuditLog } from './auditLog.js';
import type { Bookings } from './bookings.js';
import type { Broadcasts } from './broadcasts.js';
import type { ClinicSettings } from './clinicSettings.js';
import type { ConsoleMessages } from './consoleMessages.js';
import type { ConsentLedger } from './consentLedger.js';
import type { Enrollments } from './enrollments.js';
import type { MessageLog } from './messageLog.js';
import type { Outbox } from './outbox.js';
import type { Results } from './results.js';
import type { SendPath } from './sendPath.js';
import type { SequenceVersions } from './sequenceVersions.js';
import type { ShortLinks } from './shortLinks.js';
import type { SignupRecords } from './signupRecords.js';
import type { Subscribers } from './subscribers.js';
import type { SuppressionList } from './suppressionList.js';
import type { TextDeliveryLog } from './textDeliveryLog.js';

export interface Store
  extends Subscribers,
    ConsentLedger,
    SuppressionList,
    SignupRecords,
    Enrollments,
    Outbox,
    MessageLog,
    ShortLinks,
    Bookings,
    Results,
    SequenceVersions,
    AuditLog,
    Broadcasts,
    ClinicSettings,
    ConsoleMessages,
    SendPath,
    TextDeliveryLog {}
