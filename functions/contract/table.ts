/**
 * The single DynamoDB table: key names, indexes, TTL attribute and key builders.
 *
 * Read by the CDK `Data` construct, by local mode when it creates the DynamoDB Local table,
 * and by tests that compare the synthesized template with this file. Nobody copies a key
 * name by hand. The access patterns behind each key are written down in docs/data-model.md.
 */

/** Shards of the due-time index: writes spread over this many partitions (no hot key). */
export const DUE_SHARDS = 8;

export const tableDefinition = {
  /** Physical name suffix; the stack and local mode prefix it (`carecast-local-main`). */
  logicalName: 'main',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: {
    /** Enrollments due for their next step: `DUE#<shard>` / `<ISO dueAt>#<enrollmentId>`. Sparse. */
    due: { name: 'due', partitionKey: 'duePk', sortKey: 'dueSk' },
    /** Per-step event feed for results: `STEP#<sequence>#<step>` / `<ISO at>#<id>`. Sparse. */
    byStep: { name: 'byStep', partitionKey: 'stepPk', sortKey: 'stepSk' },
  },
} as const;

/** Every key attribute, for CreateTable's AttributeDefinitions (all strings). */
export const keyAttributes = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...Object.values(tableDefinition.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
];

/** Key builders. Address-derived keys use a keyed hash, so no key ever carries PII. */
export const keys = {
  subscriber: (subscriberId: string) => ({ pk: `SUB#${subscriberId}`, sk: 'PROFILE' }),
  /** Lookup row that makes an email address unique; `addressHash` is an HMAC of the address. */
  emailContact: (addressHash: string) => ({ pk: `EMAIL#${addressHash}`, sk: 'CONTACT' }),
  phoneContact: (addressHash: string) => ({ pk: `PHONE#${addressHash}`, sk: 'CONTACT' }),
  consent: (subscriberId: string, at: string, channel: string, id: string) => ({
    pk: `SUB#${subscriberId}`,
    sk: `CONSENT#${at}#${channel}#${id}`,
  }),
  consentPrefix: 'CONSENT#',
  enrollment: (subscriberId: string, sequenceId: string) => ({ pk: `SUB#${subscriberId}`, sk: `ENR#${sequenceId}` }),
  enrollmentPrefix: 'ENR#',
  /**
   * One SNS SMS delivery-status record (CloudWatch Logs, issue 16) under the destination number's
   * keyed hash, in publish-time order: the evidence an UNKNOWN text is looked up by.
   */
  textDelivery: (destinationHash: string, at: string, providerMessageId: string) => ({ pk: `SMSDLV#${destinationHash}`, sk: `${at}#${providerMessageId}` }),
  /** Outbox row, one per send: the idempotency claim. */
  send: (sendId: string) => ({ pk: `SEND#${sendId}`, sk: 'SEND' }),
  message: (subscriberId: string, at: string, sendId: string) => ({ pk: `SUB#${subscriberId}`, sk: `MSG#${at}#${sendId}` }),
  messagePrefix: 'MSG#',
  suppression: (addressHash: string) => ({ pk: `SUPPRESS#${addressHash}`, sk: 'SUPPRESSION' }),
  /** "A confirmation just went for this request" (issue 11): a double click or refresh sends one, not three. `<address hash>#<requested-at>`. */
  confirmationSlot: (slotKey: string) => ({ pk: `CONFIRMSLOT#${slotKey}`, sk: 'SLOT' }),
  /**
   * The latest signup request for a channel of an existing profile (issue 11): kept beside, not in,
   * the consent ledger, and copied into it as `granted` only when the address confirms.
   */
  signupRequest: (subscriberId: string, channel: string) => ({ pk: `SUB#${subscriberId}`, sk: `SIGNUPREQ#${channel}` }),
  /** A confirmation link's single-use nonce, once used (issue 11). TTL: the link's lifetime. */
  confirmNonce: (nonce: string) => ({ pk: `NONCE#${nonce}`, sk: 'CONFIRM' }),
  /** Counter of confirmation messages per address per UTC day (W3). */
  confirmationSends: (addressHash: string, day: string) => ({ pk: `CONFIRMSENDS#${addressHash}`, sk: day }),
  /** A used signup form token (single use, issue 12); expires with the token. */
  usedFormToken: (tokenId: string) => ({ pk: `FORMTOKEN#${tokenId}`, sk: 'USED' }),
  /** Hourly confirmation-message counter of one ceiling scope (issue 12, domain/confirmationCeilings.ts). */
  hourlyCeiling: (scope: string, hour: string) => ({ pk: `CEILING#${scope}`, sk: hour }),
  /** Confirmation texts paused until `expiresAt` after the global hourly ceiling was reached (issue 12). */
  confirmationTextPause: { pk: 'CEILINGPAUSE#sms', sk: 'PAUSE' },
  stepStats: (sequenceId: string, stepId: string) => ({ pk: `STATS#${sequenceId}`, sk: `STEP#${stepId}` }),
  inboundText: (subscriberId: string, at: string, id: string) => ({ pk: `SUB#${subscriberId}`, sk: `INBOUND#${at}#${id}` }),
  inboundPrefix: 'INBOUND#',
  /** When a number may next get the "someone will answer" auto-reply (issue 11). */
  autoReply: (addressHash: string) => ({ pk: `AUTOREPLY#${addressHash}`, sk: 'AUTOREPLY' }),
  /** A short link in a text message: the click claims stored under an unguessable id (SMS length). */
  shortLink: (linkId: string) => ({ pk: `LINK#${linkId}`, sk: 'LINK' }),
  /** A consultation request (issue 5): the details the clinic needs, erased on a delete request (P8). */
  booking: (bookingId: string) => ({ pk: `BOOKING#${bookingId}`, sk: 'REQUEST' }),
  /** Pointer from a subscriber to their bookings (ids only). */
  subscriberBooking: (subscriberId: string, at: string, bookingId: string) => ({ pk: `SUB#${subscriberId}`, sk: `BOOKING#${at}#${bookingId}` }),
  bookingPrefix: 'BOOKING#',
  /**
   * Pointer from an address typed on the booking form (its hash) to the request (ids only): the
   * request is tied to no profile (issue 11), yet "delete my data" for that address still erases it.
   */
  addressBooking: (addressHash: string, at: string, bookingId: string) => ({ pk: `ADDRBOOKING#${addressHash}`, sk: `${at}#${bookingId}` }),
  addressBookingPartition: (addressHash: string) => `ADDRBOOKING#${addressHash}`,
  /** One recipient event (delivered, bounced, clicked, booked…); its id makes recording idempotent. */
  stepEvent: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'EVENT' }),
  /** The latest link fetch on one message (`<subscriber>#<step ref>`), for burst detection (click classification). TTL: a day. */
  lastClick: (messageKey: string) => ({ pk: `LASTCLICK#${messageKey}`, sk: 'CLICK' }),
  /** "This SES notification was handled" marker (R9). */
  feedback: (feedbackId: string) => ({ pk: `FEEDBACK#${feedbackId}`, sk: 'HANDLED' }),
  /** Transient bounces counted per address (O3). */
  softBounces: (addressHash: string) => ({ pk: `SOFTBOUNCE#${addressHash}`, sk: 'COUNT' }),
} as const;

/** The byStep index keys of a row that belongs to a sequence step (message rows and events). */
export const stepIndexKeys = (sequenceId: string, stepId: string, at: string, id: string) => ({
  stepPk: `STEP#${sequenceId}#${stepId}`,
  stepSk: `${at}#${id}`,
});

/** The due index keys of an enrollment due at `dueAt`; `dueIndexKeys(shard, '', '').duePk` is a shard's partition. */
export const dueIndexKeys = (shard: number, dueAt: string, enrollmentId: string) => ({
  duePk: `DUE#${shard}`,
  dueSk: `${dueAt}#${enrollmentId}`,
});

/** Stable shard of an id, so an enrollment always lands on the same due partition. */
export const shardOf = (id: string): number => {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(h) % DUE_SHARDS;
};

/** Retention, in seconds (P7). The consent ledger has none: it is kept as evidence (S10). */
export const retention = {
  unconfirmedSignupSeconds: 7 * 24 * 3600,
  messageLogSeconds: 400 * 24 * 3600,
  confirmationCounterSeconds: 2 * 24 * 3600,
  /** SES notification idempotency markers outlive SNS redelivery by far. */
  feedbackMarkerSeconds: 30 * 24 * 3600,
  /** SMS delivery-status records outlive the longest wait of an UNKNOWN text (7 days) by a week. */
  textDeliverySeconds: 14 * 24 * 3600,
  /** Transient-bounce counters reset when an address has not bounced for this long. */
  softBounceSeconds: 90 * 24 * 3600,
} as const;

/**
 * Staff console rows (issue 6); access patterns in docs/staff-console.md. Every list the
 * console shows is one Query on a known partition: no Scan, no extra GSI.
 */
export const consoleKeys = {
  /** One head row per sequence, all under one partition: listing sequences is one Query. */
  sequenceHead: (sequenceId: string) => ({ pk: 'SEQUENCES', sk: `SEQ#${sequenceId}` }),
  sequenceHeadPartition: 'SEQUENCES',
  /** Immutable sequence versions, zero-padded so they sort. */
  sequenceVersion: (sequenceId: string, version: number) => ({ pk: `SEQ#${sequenceId}`, sk: `V#${String(version).padStart(6, '0')}` }),
  sequenceVersionPrefix: 'V#',
  /** Which sequence each entry point (the signup form…) enrolls into, all under one partition. */
  entryPoint: (entryPointId: string) => ({ pk: 'ENTRYPOINTS', sk: `EP#${entryPointId}` }),
  entryPointPartition: 'ENTRYPOINTS',
  /** Who ever enrolled in a sequence, sharded like the due index: moves and broadcast audiences page through it. */
  sequenceMember: (sequenceId: string, shard: number, subscriberId: string) => ({ pk: `MEMBERS#${sequenceId}#${shard}`, sk: subscriberId }),
  sequenceMemberPartition: (sequenceId: string, shard: number) => `MEMBERS#${sequenceId}#${shard}`,
  /** An enrollment set aside (out of the due index) while its sequence is paused. */
  parkedEnrollment: (sequenceId: string, enrollmentId: string) => ({ pk: `PARKED#${sequenceId}`, sk: enrollmentId }),
  parkedPartition: (sequenceId: string) => `PARKED#${sequenceId}`,
  /** Append-only staff audit log, one partition per UTC month (P9). */
  audit: (month: string, at: string, auditId: string) => ({ pk: `AUDIT#${month}`, sk: `${at}#${auditId}` }),
  auditPartition: (month: string) => `AUDIT#${month}`,
  broadcast: (broadcastId: string) => ({ pk: 'BROADCASTS', sk: `B#${broadcastId}` }),
  broadcastPartition: 'BROADCASTS',
  broadcastRecipient: (broadcastId: string, subscriberId: string) => ({ pk: `BCAST#${broadcastId}`, sk: `R#${subscriberId}` }),
  /** Per-day counters beside the per-step totals (`keys.stepStats`), for the results chart. */
  stepDayStats: (sequenceId: string, day: string, stepId: string) => ({ pk: `STATS#${sequenceId}`, sk: `DAY#${day}#STEP#${stepId}` }),
  stepStatsPrefix: 'STEP#',
  stepDayStatsPrefix: 'DAY#',
  /** The clinic profile as an admin last saved it (issue 14), with its version: absent until the first edit. */
  clinicProfile: { pk: 'CLINIC', sk: 'PROFILE' },
  /** Console-written messages (issue 14): heads under one partition, so listing them is one Query. */
  messageHead: (messageId: string) => ({ pk: 'MESSAGES', sk: `MSG#${messageId}` }),
  messageHeadPartition: 'MESSAGES',
  /** Immutable published versions, zero-padded so they sort. */
  messageVersion: (messageId: string, version: number) => ({ pk: `MSG#${messageId}`, sk: `V#${String(version).padStart(6, '0')}` }),
  messageVersionPrefix: 'V#',
  /** The published version the send worker reads, copied at publication (one GetItem per send). */
  publishedMessage: (messageId: string) => ({ pk: `MSG#${messageId}`, sk: 'PUBLISHED' }),
} as const;

/**
 * Partitions of broadcast work in the `due` index. Broadcasts are rare and their recipients are
 * written at most a few thousand a minute, far below one partition's limits: two suffice, and
 * keep the dispatcher's extra Queries per run at two.
 */
export const BROADCAST_DUE_SHARDS = 2;

/** Broadcast work (a broadcast to expand, a recipient to send to) in the `due` index, on partitions of its own. */
export const broadcastDueKeys = (shard: number, dueAt: string, id: string) => ({
  duePk: `BDUE#${shard % BROADCAST_DUE_SHARDS}`,
  dueSk: `${dueAt}#${id}`,
});

/**
 * Partitions of the `due` index holding UNKNOWN system and clinic messages waiting for their
 * resend time (issue 16). UNKNOWN outcomes are rare (a few an hour at worst): two partitions
 * keep the dispatcher's extra Queries per run at two.
 */
export const RESEND_DUE_SHARDS = 2;

/** The `due` index entry of an UNKNOWN queue-only outbox row, due at `dueAt` (its resend time or its dispatch lease). */
export const resendDueKeys = (sendId: string, dueAt: string) => ({
  duePk: `RESEND#${shardOf(sendId) % RESEND_DUE_SHARDS}`,
  dueSk: `${dueAt}#${sendId}`,
});

/** One partition of the resend entries, for the dispatcher's Query. */
export const resendDuePartition = (shard: number): string => `RESEND#${shard % RESEND_DUE_SHARDS}`;
