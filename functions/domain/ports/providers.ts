/**
 * The ports to the world outside the table: the clock, the email and text providers and the send
 * queue. AWS adapters: SesMailer, SnsTexter, SqsQueue; local mode swaps the queue and the clock.
 */
import type { SendJob } from '../core/model.js';

export interface Clock {
  now(): Date;
}

/** An email ready for the wire; the adapter builds MIME and calls the provider. */
export interface OutgoingEmail {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Opaque, PII-free tags (O10): `sendId`, `subscriber` (id), `sequence`, `step`. */
  tags: Record<string, string>;
}

export interface Mailer {
  /**
   * Waits for the provider's send-rate slot (O8, issue 17) and holds it for the next `send()`,
   * which then goes out without waiting. The outbox calls it *before* stamping the provider call,
   * so a message still waiting for its slot when the worker dies was never sent and is taken over,
   * not marked UNKNOWN (issue 16). Absent when no rate is configured.
   */
  awaitSendSlot?(): Promise<void>;
  /** Sends one message to one recipient (O8). Throws Provider* errors from domain/errors. */
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

export interface OutgoingText {
  to: string;
  body: string;
  /** Promotional for the drip, Transactional for confirmations and keyword replies. */
  kind: 'promotional' | 'transactional';
}

export interface Texter {
  /**
   * Waits for the provider's send-rate slot (O8, issue 17) and holds it for the next `send()`,
   * which then goes out without waiting. The outbox calls it *before* stamping the provider call,
   * so a message still waiting for its slot when the worker dies was never sent and is taken over,
   * not marked UNKNOWN (issue 16). Absent when no rate is configured.
   */
  awaitSendSlot?(): Promise<void>;
  send(text: OutgoingText): Promise<{ providerMessageId: string }>;
  /**
   * Lifts the provider's own opt-out for a number that texted START (SNS allows it once per 30
   * days, S13). Resolves false when the number stays opted out at the provider (a second START
   * within 30 days): texts to it would all fail, so the caller must not claim it is subscribed.
   */
  optIn(phone: string): Promise<boolean>;
}

export interface Queue {
  enqueue(jobs: SendJob[]): Promise<void>;
}
