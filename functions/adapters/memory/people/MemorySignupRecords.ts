/** Signup records in memory (issues 11 and 12), with the DynamoDB adapter's conditions and read-side expiry. */
import type { Channel, ConsentRecord } from '../../../domain/core/model.js';
import type { SignupRecords } from '../../../domain/ports/people/signupRecords.js';
import { copy, epochSeconds, isExpired } from '../memoryRows.js';

export class MemorySignupRecords implements SignupRecords {
  private readonly slots = new Map<string, { until: number; claimId: string }>();
  private readonly requests = new Map<string, { record: ConsentRecord; expiresAt: number }>();
  /** Single-use markers and the claim that wrote each. */
  private readonly used = new Map<string, string>();
  private readonly hourly = new Map<string, number>();
  private pauseUntil: string | undefined;

  async claimConfirmationSlot(slotKey: string, until: number, now: Date, claimId: string): Promise<boolean> {
    const held = this.slots.get(slotKey);
    if (held !== undefined && held.until > epochSeconds(now)) return held.claimId === claimId;
    this.slots.set(slotKey, { until, claimId });
    return true;
  }

  async putSignupRequest(record: ConsentRecord, expiresAt: number): Promise<void> {
    this.requests.set(`${record.subscriberId}#${record.channel}`, { record: copy(record), expiresAt });
  }

  async takeSignupRequest(subscriberId: string, channel: Channel, now: Date): Promise<ConsentRecord | undefined> {
    const key = `${subscriberId}#${channel}`;
    const r = this.requests.get(key);
    this.requests.delete(key);
    return r && !isExpired(r, now) ? r.record : undefined;
  }

  async useConfirmNonce(nonce: string, _expiresAt: number, claimId: string): Promise<boolean> {
    return this.#useOnce(`nonce#${nonce}`, claimId);
  }

  async claimFormToken(tokenId: string, _expiresAt: number, claimId: string): Promise<boolean> {
    return this.#useOnce(`form#${tokenId}`, claimId);
  }

  #useOnce(key: string, claimId: string): boolean {
    const holder = this.used.get(key);
    if (holder !== undefined) return holder === claimId;
    this.used.set(key, claimId);
    return true;
  }

  async incrementHourly(scope: string, hour: string): Promise<number> {
    const n = (this.hourly.get(`${scope}#${hour}`) ?? 0) + 1;
    this.hourly.set(`${scope}#${hour}`, n);
    return n;
  }

  async pauseConfirmationTexts(until: string, _now: Date): Promise<void> {
    this.pauseUntil = until;
  }

  async confirmationTextsPaused(now: Date): Promise<boolean> {
    return this.pauseUntil !== undefined && new Date(this.pauseUntil) > now;
  }
}
