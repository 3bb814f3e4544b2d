/**
 * Signup records on DynamoDB (issues 11 and 12): confirmation slots (`keys.confirmationSlot`), kept
 * signup requests (`keys.signupRequest`), used confirmation nonces and form tokens, hourly ceiling
 * counters (`keys.hourlyCeiling`) and the confirmation-text pause (`keys.confirmationTextPause`).
 */
import { keys } from '../../../../contract/table.js';
import type { Channel, ConsentRecord } from '../../../../domain/core/model.js';
import type { SignupRecords } from '../../../../domain/ports/people/signupRecords.js';
import { CONFIRMATION_TEXTS_PAUSED_EVENT } from '../../../../domain/signup/confirmationCeilings.js';
import { logger } from '../../../../logger.js';
import { type DynamoTable, epochSeconds, isExpired, stripStorageAttributes } from '../DynamoTable.js';

export class DynamoSignupRecords implements SignupRecords {
  constructor(private readonly table: DynamoTable) {}

  async claimConfirmationSlot(slotKey: string, until: number, now: Date, claimId: string): Promise<boolean> {
    const key = keys.confirmationSlot(slotKey);
    return this.table.conditionalOrOwn(
      () =>
        this.table.put(
          { ...key, type: 'confirmationSlot', until, expiresAt: until, claimId },
          { expr: 'attribute_not_exists(pk) OR #until <= :now', names: { '#until': 'until' }, values: { ':now': epochSeconds(now) } },
        ),
      key,
      { claimId },
    );
  }

  async putSignupRequest(record: ConsentRecord, expiresAt: number): Promise<void> {
    await this.table.put({ ...keys.signupRequest(record.subscriberId, record.channel), type: 'signupRequest', ...record, expiresAt });
  }

  async takeSignupRequest(subscriberId: string, channel: Channel, now: Date): Promise<ConsentRecord | undefined> {
    const item = await this.table.take(keys.signupRequest(subscriberId, channel));
    if (!item || isExpired(item, now)) return undefined;
    const { expiresAt: _e, ...rest } = stripStorageAttributes<ConsentRecord & { expiresAt?: number }>(item);
    return rest;
  }

  async useConfirmNonce(nonce: string, expiresAt: number, claimId: string): Promise<boolean> {
    return this.#useOnce({ ...keys.confirmNonce(nonce), type: 'confirmNonce', expiresAt, claimId });
  }

  async claimFormToken(tokenId: string, expiresAt: number, claimId: string): Promise<boolean> {
    return this.#useOnce({ ...keys.usedFormToken(tokenId), type: 'usedFormToken', expiresAt, claimId });
  }

  /** A single-use marker: true when this call (its `claimId`) wrote it, even if the answer to that write was lost. */
  #useOnce(item: { pk: string; sk: string; claimId: string } & Record<string, unknown>): Promise<boolean> {
    return this.table.conditionalOrOwn(() => this.table.put(item, { expr: 'attribute_not_exists(pk)' }), { pk: item.pk, sk: item.sk }, { claimId: item.claimId });
  }

  async incrementHourly(scope: string, hour: string): Promise<number> {
    // The hour is in the key, so a counter DynamoDB has not yet expired is never read for a later hour.
    const expiresAt = Math.floor(new Date(`${hour}:00:00Z`).getTime() / 1000) + 2 * 3600;
    const r = await this.table.updateRaw({
      Key: keys.hourlyCeiling(scope, hour),
      UpdateExpression: 'ADD sends :one SET expiresAt = :exp',
      ExpressionAttributeValues: { ':one': 1, ':exp': expiresAt },
      ReturnValues: 'UPDATED_NEW',
    });
    return Number(r.Attributes?.sends ?? 0);
  }

  async pauseConfirmationTexts(until: string, now: Date): Promise<void> {
    await this.table.put({ ...keys.confirmationTextPause, type: 'ceilingPause', pausedAt: now.toISOString(), until, expiresAt: epochSeconds(new Date(until)) });
    // The alarm's metric filter matches this line (infra/ConfirmationCeilingAlarm.ts).
    logger.warn('confirmation texts paused', { event: CONFIRMATION_TEXTS_PAUSED_EVENT, until });
  }

  async confirmationTextsPaused(now: Date): Promise<boolean> {
    const pause = await this.table.get(keys.confirmationTextPause);
    // TTL deletion lags by up to days: the expiry is checked here, not left to DynamoDB.
    return pause !== undefined && typeof pause.until === 'string' && new Date(pause.until) > now;
  }
}
