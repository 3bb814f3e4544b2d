/** What every domain operation receives: the ports plus plain settings (never the environment). */
import type { ClinicProfile } from '../../contract/ClinicProfile.js';
import type { AddressHasher } from './AddressHasher.js';
import type { ConfirmationCeilings } from '../signup/confirmationCeilings.js';
import type { LinkTokens } from './LinkTokens.js';
import type { OperationalMetrics } from '../ports/metrics.js';
import type { Clock, Mailer, Queue, Texter } from '../ports/providers.js';
import type { Store } from '../ports/store.js';
import type { SequenceCatalog } from '../scheduling/sequenceCatalog.js';

/** Plain settings the domain reads (from config.ts at the composition root), never the environment. */
export interface Settings {
  clinic: ClinicProfile;
  publicBaseUrl: string;
  fromAddress: string;
  replyTo?: string;
  unsubscribeMailto?: string;
  defaultSequenceId: string;
  bookingInbox: string;
  /** Hourly ceilings on confirmation messages (issue 12); unset only in unit-test fixtures. */
  confirmationCeilings?: ConfirmationCeilings;
  /** Origins tracked links may lead to (W10), from the deployment; unset = the site and the clinic website. */
  linkAllowList?: string[];
  /** Transient bounces before an address is suppressed (O3); 3 when unset. */
  transientBounceLimit?: number;
  /**
   * How long an UNKNOWN email waits for its SES event before it is sent again (issue 16), in
   * milliseconds; unset = never resent (at most once). See docs/sending-state-machine.md.
   */
  unknownEmailResendAfterMs?: number;
  /**
   * What the providers accept, messages per second for the whole account (the workers' token
   * buckets share it): a broadcast pass queues at most one pass interval of it (issue 15), so a
   * broadcast never queues faster than it can be sent. Unset (local mode, tests): no pacing.
   */
  sendRates?: { email?: number; sms?: number };
  /**
   * How long an UNKNOWN text waits for SNS's delivery-status record before it is sent again
   * (issue 16), in milliseconds; unset = never resent (at most once). Set only where delivery-status
   * logging reaches the `smsDeliveryStatus` function. See domain/sending/textDeliveryEvidence.ts.
   */
  unknownTextResendAfterMs?: number;
}

/**
 * What every use case receives: the ports (table, providers, queue, clock), tokens and address
 * hashing, the sequence catalog and settings. Built by functions/wiring.ts (AWS and local mode)
 * and tests/support/memoryDomain.ts (unit tests on in-memory ports).
 */
export interface DomainContext {
  store: Store;
  mailer: Mailer;
  texter: Texter;
  queue: Queue;
  clock: Clock;
  tokens: LinkTokens;
  hasher: AddressHasher;
  sequences: SequenceCatalog;
  /** Operational counters (issue 16); absent in unit tests that do not read them. */
  metrics?: OperationalMetrics;
  settings: Settings;
}
