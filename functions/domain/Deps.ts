/** What every domain operation receives: the ports plus plain settings (never the environment). */
import type { ClinicProfile } from '../config.js';
import type { AddressHasher } from './AddressHasher.js';
import type { ConfirmationCeilings } from './confirmationCeilings.js';
import type { LinkTokens } from './LinkTokens.js';
import type { Clock, Mailer, Queue, Store, Texter } from './ports.js';
import type { SequenceCatalog } from './SequenceCatalog.js';

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
}

export interface Deps {
  store: Store;
  mailer: Mailer;
  texter: Texter;
  queue: Queue;
  clock: Clock;
  tokens: LinkTokens;
  hasher: AddressHasher;
  sequences: SequenceCatalog;
  settings: Settings;
}
