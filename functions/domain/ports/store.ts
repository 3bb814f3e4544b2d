/**
 * Everything the domain keeps, as one object of small aggregate ports over the one DynamoDB
 * table. Each port has a DynamoDB adapter (functions/adapters/aws/dynamo/) and an in-memory
 * one (functions/adapters/memory/); `createDynamoStore` / `createMemoryStore` compose them.
 * A use case that needs only some of them takes `Pick<Store, …>` or the port itself.
 */
import type { AuditLog } from './staff/auditLog.js';
import type { Bookings } from './people/bookings.js';
import type { Broadcasts } from './staff/broadcasts.js';
import type { ClinicSettings } from './staff/clinicSettings.js';
import type { ConsoleMessages } from './staff/consoleMessages.js';
import type { ConsentLedger } from './people/consentLedger.js';
import type { Enrollments } from './sending/enrollments.js';
import type { MessageLog } from './sending/messageLog.js';
import type { Outbox } from './sending/outbox.js';
import type { Results } from './sending/results.js';
import type { SendPath } from './sending/sendPath.js';
import type { SequenceVersions } from './sending/sequenceVersions.js';
import type { ShortLinks } from './sending/shortLinks.js';
import type { SignupRecords } from './people/signupRecords.js';
import type { Subscribers } from './people/subscribers.js';
import type { SuppressionList } from './people/suppressionList.js';
import type { TextDeliveryLog } from './sending/textDeliveryLog.js';

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
