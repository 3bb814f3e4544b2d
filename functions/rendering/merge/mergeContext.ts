/**
 * What a template may read at send time, and what rendering returns.
 *
 * Templates see exactly these names (`subscriber.firstName`, `clinic.*`, `links.*`, `booking.*`,
 * `inboundText.*`);
 * a test renders every template with `strictVariables`, so a typo is an error, not a blank.
 */
import type { ClinicProfile } from '../../contract/ClinicProfile.js';

export type Language = 'en' | 'es';

export const languages: readonly Language[] = ['en', 'es'];

export interface MergeContext {
  subscriber: { firstName?: string | null };
  clinic: ClinicProfile;
  /** Absolute URLs, already signed by the caller (W9); templates never build URLs. */
  links: {
    unsubscribe: string;
    preferences: string;
    booking: string;
    confirm?: string;
    terms: string;
    privacy: string;
  };
  /** Only for the booking templates. */
  booking?: {
    locationName: string;
    locationAddress: string;
    preferredTimes: string;
    reason?: string;
    firstName?: string;
    email?: string;
    phone?: string;
  };
  /** Only for the clinic's inbound-text notification: a patient's reply that was not a keyword. */
  inboundText?: {
    body: string;
    /** ISO 8601, UTC. */
    receivedAt: string;
    firstName?: string;
    /** E.164. */
    phone: string;
  };
}

export interface RenderedEmailContent {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface RenderedSmsContent {
  body: string;
}
