/**
 * The Store port on DynamoDB (the same code against AWS and DynamoDB Local).
 *
 * Every state change that could race is a conditional write; a failed condition is an
 * expected answer (`false`), never an exception to the caller.
 */
import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DUE_SHARDS, dueIndexKeys, keys, shardOf, stepIndexKeys, tableDefinition } from '../../contract/table.js';
import type {
  BookingRequest,
  Channel,
  ConsentRecord,
  Enrollment,
  MessageRecord,
  SendRecord,
  StepEvent,
  Subscriber,
} from '../../domain/model.js';
import type { ContactClaim, ShortLinkClaims, Store } from '../../domain/ports.js';
import { CONFIRMATION_TEXTS_PAUSED_EVENT } from '../../domain/confirmationCeilings.js';
import { logger } from '../../logger.js';
import { DynamoConsoleStore } from './DynamoConsoleStore.js';
import { epochSeconds, isConditionFailure, isExpired, marshallItem, stripStorageAttributes } from './dynamoItems.js';
import { updateExpression } from './updateExpression.js';

const m = marshallItem;
const strip = stripStorageAttributes;
const epoch = epochSeconds;
const contactKey = (channel: Channel, hash: string) =>
  channel === 'email' ? keys.emailContact(hash) : keys.phoneContact(hash);

/** The constructor, the client and the table come from DynamoConsoleStore (the staff console's part, issue 6). */
export class DynamoStore extends DynamoConsoleStore implements Store {

  /** Conditional update; false when the condition failed. */
  private async update(
    key: { pk: string; sk: string },
    set: Record<string, unknown>,
    remove: string[],
    condition?: { expr: string; names?: Record<string, string>; values?: Record<string, unknown> },
  ): Promise<boolean> {
    const u = updateExpression(set, remove);
    const values = { ...(u.ExpressionAttributeValues ?? {}), ...(condition?.values ? m(condition.values) : {}) };
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(key),
          UpdateExpression: u.UpdateExpression,
          ExpressionAttributeNames: { ...u.ExpressionAttributeNames, ...(condition?.names ?? {}) },
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          ...(condition ? { ConditionExpression: condition.expr } : {}),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  private async queryPrefix(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
    return (await this.query({ pk, prefix })).items;
  }

  async getSubscriber(subscriberId: string, now: Date): Promise<Subscriber | undefined> {
    const item = await this.item(keys.subscriber(subscriberId));
    if (!item || isExpired(item, now)) return undefined;
    return strip<Subscriber>(item);
  }

  async findSubscriberIdByAddress(channel: Channel, addressHash: string, now: Date): Promise<string | undefined> {
    const item = await this.item(contactKey(channel, addressHash));
    if (!item || isExpired(item, now)) return undefined;
    const owner = item.subscriberId as string;
    return (await this.getSubscriber(owner, now)) ? owner : undefined;
  }

  async createSubscriber(s: Subscriber, contacts: { channel: Channel; addressHash: string }[], now: Date): Promise<boolean> {
    const claimable = 'attribute_not_exists(pk) OR expiresAt <= :now';
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: m({ ...keys.subscriber(s.subscriberId), type: 'subscriber', ...s }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...contacts.map((c) => ({
              Put: {
                TableName: this.tableName,
                Item: m({ ...contactKey(c.channel, c.addressHash), type: 'contact', subscriberId: s.subscriberId, expiresAt: s.expiresAt }),
                ConditionExpression: claimable,
                ExpressionAttributeValues: m({ ':now': epoch(now) }),
              },
            })),
          ],
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async claimContact(channel: Channel, addressHash: string, subscriberId: string, expiresAt: number | undefined, now: Date): Promise<ContactClaim> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: m({ ...contactKey(channel, addressHash), type: 'contact', subscriberId, expiresAt }),
          ConditionExpression: 'attribute_not_exists(pk) OR subscriberId = :sub OR expiresAt <= :now',
          ExpressionAttributeValues: m({ ':sub': subscriberId, ':now': epoch(now) }),
        }),
      );
      return { owner: subscriberId, created: true };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const item = await this.item(contactKey(channel, addressHash));
      return { owner: (item?.subscriberId as string) ?? subscriberId, created: false };
    }
  }

  async updateSubscriber(subscriberId: string, patch: Partial<Omit<Subscriber, 'subscriberId'>>, remove: (keyof Subscriber)[] = []): Promise<void> {
    await this.update(keys.subscriber(subscriberId), patch, remove as string[], { expr: 'attribute_exists(pk)' });
  }

  async transitionChannel(subscriberId: string, channel: Channel, from: string[], to: string, clearExpiry: boolean): Promise<boolean> {
    const attr = channel === 'email' ? 'emailStatus' : 'smsStatus';
    const values: Record<string, unknown> = {};
    from.forEach((f, i) => (values[`:f${i}`] = f));
    return this.update(keys.subscriber(subscriberId), { [attr]: to }, clearExpiry ? ['expiresAt'] : [], {
      expr: `attribute_exists(pk) AND #st IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
      names: { '#st': attr },
      values,
    });
  }

  async appendConsent(record: ConsentRecord, id: string): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: m({ ...keys.consent(record.subscriberId, record.at, record.channel, id), type: 'consent', ...record }),
          // Append-only ledger (S10): a row is never overwritten.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      // The id is fresh per call, so a failed condition means this very write already landed (an
      // SDK retry after a lost answer, issue 8): the row is there, which is all the caller asked.
      if (!isConditionFailure(err)) throw err;
    }
  }

  async listConsent(subscriberId: string): Promise<ConsentRecord[]> {
    return (await this.queryPrefix(keys.subscriber(subscriberId).pk, keys.consentPrefix)).map((i) => strip<ConsentRecord>(i));
  }

  async countConfirmationSend(addressHash: string, day: string, cap: number, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(keys.confirmationSends(addressHash, day)),
          UpdateExpression: 'ADD sends :one SET expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(sends) OR sends < :cap',
          ExpressionAttributeValues: m({ ':one': 1, ':exp': expiresAt, ':cap': cap }),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async claimFormToken(tokenId: string, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: m({ ...keys.usedFormToken(tokenId), type: 'usedFormToken', expiresAt }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async incrementHourly(scope: string, hour: string): Promise<number> {
    // The hour is in the key, so a counter DynamoDB has not yet expired is never read for a later hour.
    const expiresAt = Math.floor(new Date(`${hour}:00:00Z`).getTime() / 1000) + 2 * 3600;
    const r = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: m(keys.hourlyCeiling(scope, hour)),
        UpdateExpression: 'ADD sends :one SET expiresAt = :exp',
        ExpressionAttributeValues: m({ ':one': 1, ':exp': expiresAt }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(r.Attributes?.sends?.N ?? 0);
  }

  async pauseConfirmationTexts(until: string, now: Date): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: m({ ...keys.confirmationTextPause, type: 'ceilingPause', pausedAt: now.toISOString(), until, expiresAt: epochSeconds(new Date(until)) }),
      }),
    );
    // The alarm's metric filter matches this line (infra/ConfirmationCeilingAlarm.ts).
    logger.warn('confirmation texts paused', { event: CONFIRMATION_TEXTS_PAUSED_EVENT, until });
  }

  async confirmationTextsPaused(now: Date): Promise<boolean> {
    const pause = await this.item(keys.confirmationTextPause);
    // TTL deletion lags by up to days: the expiry is checked here, not left to DynamoDB.
    return pause !== undefined && typeof pause.until === 'string' && new Date(pause.until) > now;
  }

  async isSuppressed(addressHash: string): Promise<boolean> {
    return (await this.item(keys.suppression(addressHash))) !== undefined;
  }

  async suppress(addressHash: string, channel: Channel, reason: string, at: string): Promise<void> {
    await this.update(keys.suppression(addressHash), { type: 'suppression', channel, reason, at }, []);
  }

  async unsuppress(addressHash: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: m(keys.suppression(addressHash)),
          ConditionExpression: 'reason = :kw',
          ExpressionAttributeValues: m({ ':kw': 'stop-keyword' }),
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  private enrollmentItem(e: Enrollment) {
    return {
      ...keys.enrollment(e.subscriberId, e.sequenceId),
      type: 'enrollment',
      ...e,
      ...(e.dueAt ? dueIndexKeys(shardOf(e.enrollmentId), e.dueAt, e.enrollmentId) : {}),
    };
  }

  async createEnrollment(e: Enrollment): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: m(this.enrollmentItem(e)),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async getEnrollment(subscriberId: string, sequenceId: string): Promise<Enrollment | undefined> {
    const item = await this.item(keys.enrollment(subscriberId, sequenceId));
    return item ? strip<Enrollment>(item) : undefined;
  }

  async listEnrollments(subscriberId: string): Promise<Enrollment[]> {
    return (await this.queryPrefix(keys.subscriber(subscriberId).pk, keys.enrollmentPrefix)).map((i) => strip<Enrollment>(i));
  }

  async listDue(shard: number, now: Date, limit: number): Promise<Enrollment[]> {
    return (await this.queryDue(dueIndexKeys(shard, '', '').duePk, now, limit)).map((i) => strip<Enrollment>(i));
  }

  async earliestDue(): Promise<string | undefined> {
    const idx = tableDefinition.indexes.due;
    const broadcastFirst = this.earliestBroadcastDue();
    const firsts = await Promise.all(
      Array.from({ length: DUE_SHARDS }, async (_, shard) => {
        const r = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: idx.name,
            KeyConditionExpression: '#p = :p',
            ExpressionAttributeNames: { '#p': idx.partitionKey },
            ExpressionAttributeValues: m({ ':p': `DUE#${shard}` }),
            Limit: 1,
          }),
        );
        const item = r.Items?.[0];
        return item ? (unmarshall(item).dueAt as string) : undefined;
      }),
    );
    // Broadcast work shares the due index on partitions of its own (staff console, issue 6).
    firsts.push(await broadcastFirst);
    return firsts.filter((x): x is string => !!x).sort()[0];
  }

  async leaseDue(e: Enrollment, until: string): Promise<boolean> {
    const due = dueIndexKeys(shardOf(e.enrollmentId), until, e.enrollmentId);
    return this.update(keys.enrollment(e.subscriberId, e.sequenceId), { dueAt: until, dueSk: due.dueSk }, [], {
      expr: 'nextStepIndex = :i AND dueAt = :old AND #status = :active',
      names: { '#status': 'status' },
      values: { ':i': e.nextStepIndex, ':old': e.dueAt, ':active': 'active' },
    });
  }

  async advanceEnrollment(e: Enrollment, fromStepIndex: number, next: Partial<Enrollment>, removeDue: boolean): Promise<boolean> {
    const set: Record<string, unknown> = { ...next };
    if (next.dueAt && !removeDue) Object.assign(set, dueIndexKeys(shardOf(e.enrollmentId), next.dueAt, e.enrollmentId));
    return this.update(keys.enrollment(e.subscriberId, e.sequenceId), set, removeDue ? ['dueAt', 'duePk', 'dueSk'] : [], {
      expr: 'nextStepIndex = :from',
      values: { ':from': fromStepIndex },
    });
  }

  async putShortLink(linkId: string, claims: ShortLinkClaims, expiresAt: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: m({ ...keys.shortLink(linkId), type: 'shortLink', ...claims, expiresAt }) }),
    );
  }

  async getShortLink(linkId: string, now: Date): Promise<ShortLinkClaims | undefined> {
    const item = await this.item(keys.shortLink(linkId));
    if (!item || isExpired(item, now)) return undefined;
    const { expiresAt, ...claims } = strip<ShortLinkClaims & { expiresAt?: number }>(item);
    return claims;
  }

  async getSend(sendId: string): Promise<SendRecord | undefined> {
    const item = await this.item(keys.send(sendId));
    return item ? strip<SendRecord>(item) : undefined;
  }

  async claimSend(record: SendRecord, _now: Date, takeOver?: string): Promise<SendRecord | undefined> {
    // A dead claim is taken over only while it is still the same claim and never reached the provider.
    const deadClaim = takeOver ? ' OR (#state = :sending AND claimToken = :dead AND attribute_not_exists(providerCallAt))' : '';
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: m({ ...keys.send(record.sendId), type: 'send', ...record }),
          ConditionExpression: `attribute_not_exists(pk) OR #state = :retry${deadClaim}`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: m({ ':retry': 'RETRY', ...(takeOver ? { ':sending': 'SENDING', ':dead': takeOver } : {}) }),
        }),
      );
      return record;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async markProviderCall(sendId: string, claimToken: string, at: string): Promise<boolean> {
    return this.update(keys.send(sendId), { providerCallAt: at }, [], {
      expr: '#state = :sending AND claimToken = :token',
      names: { '#state': 'state' },
      values: { ':sending': 'SENDING', ':token': claimToken },
    });
  }

  async settleSend(sendId: string, claimToken: string, patch: Partial<SendRecord>): Promise<boolean> {
    return this.update(keys.send(sendId), patch, ['leaseUntil'], {
      expr: '#state = :sending AND claimToken = :token',
      names: { '#state': 'state' },
      values: { ':sending': 'SENDING', ':token': claimToken },
    });
  }

  async markUnknown(sendId: string, leaseUntil: string, now: Date): Promise<boolean> {
    return this.update(keys.send(sendId), { state: 'UNKNOWN', reason: 'lease expired', updatedAt: now.toISOString() }, [], {
      expr: '#state = :sending AND leaseUntil = :lease',
      names: { '#state': 'state' },
      values: { ':sending': 'SENDING', ':lease': leaseUntil },
    });
  }

  async recordMessage(msg: MessageRecord, expiresAt: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: m({
          ...keys.message(msg.subscriberId, msg.at, msg.sendId),
          type: 'message',
          ...msg,
          expiresAt,
          ...(msg.sequenceId && msg.stepId
            ? { stepPk: `STEP#${msg.sequenceId}#${msg.stepId}`, stepSk: `${msg.at}#${msg.sendId}` }
            : {}),
        }),
      }),
    );
  }

  async listMessages(subscriberId: string): Promise<MessageRecord[]> {
    return (await this.queryPrefix(keys.subscriber(subscriberId).pk, keys.messagePrefix)).map((i) => strip<MessageRecord>(i));
  }

  async recordInboundText(subscriberId: string, at: string, id: string, keyword: string, expiresAt: number, body?: string): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: m({ ...keys.inboundText(subscriberId, at, id), type: 'inbound', keyword, at, expiresAt, body }),
      }),
    );
  }
  async getInboundText(subscriberId: string, sk: string): Promise<{ at: string; keyword: string; body?: string } | undefined> {
    const item = await this.item({ pk: keys.subscriber(subscriberId).pk, sk });
    if (!item) return undefined;
    return { at: String(item.at), keyword: String(item.keyword), ...(typeof item.body === 'string' ? { body: item.body } : {}) };
  }

  async claimAutoReply(addressHash: string, until: number, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: m({ ...keys.autoReply(addressHash), type: 'autoReply', until, expiresAt: until }),
          ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: m({ ':now': Math.floor(now.getTime() / 1000) }),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  // Recipient actions (issue 5).

  async exitEnrollment(subscriberId: string, sequenceId: string, reason: string): Promise<boolean> {
    return this.update(keys.enrollment(subscriberId, sequenceId), { status: 'exited', exitReason: reason }, ['dueAt', 'duePk', 'dueSk'], {
      expr: '#status = :active',
      names: { '#status': 'status' },
      values: { ':active': 'active' },
    });
  }

  async addEnrollmentGoal(subscriberId: string, sequenceId: string, goal: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(keys.enrollment(subscriberId, sequenceId)),
          UpdateExpression: 'SET goals = list_append(if_not_exists(goals, :empty), :goals)',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(goals) OR NOT contains(goals, :goal))',
          ExpressionAttributeValues: m({ ':empty': [], ':goals': [goal], ':goal': goal }),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async releaseContact(channel: Channel, addressHash: string, subscriberId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: m(contactKey(channel, addressHash)),
          ConditionExpression: 'subscriberId = :sub',
          ExpressionAttributeValues: m({ ':sub': subscriberId }),
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async erasePersonalRecords(subscriberId: string): Promise<void> {
    const pk = keys.subscriber(subscriberId).pk;
    for (const item of await this.queryPrefix(pk, keys.inboundPrefix)) {
      if (item.body !== undefined) await this.update({ pk, sk: item.sk as string }, {}, ['body']);
    }
    for (const ref of await this.queryPrefix(pk, keys.bookingPrefix)) {
      await this.update(keys.booking(ref.bookingId as string), { preferredTimes: '', erased: true }, ['firstName', 'email', 'phone', 'reason'], {
        expr: 'attribute_exists(pk)',
      });
    }
  }

  async eraseBookingsByAddress(addressHash: string): Promise<void> {
    for (const ref of (await this.query({ pk: keys.addressBookingPartition(addressHash) })).items) {
      await this.update(keys.booking(ref.bookingId as string), { preferredTimes: '', erased: true }, ['firstName', 'email', 'phone', 'reason'], {
        expr: 'attribute_exists(pk)',
      });
    }
  }

  async createBooking(booking: BookingRequest, expiresAt: number, addressHashes: string[] = []): Promise<void> {
    await this.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: m({ ...keys.booking(booking.bookingId), type: 'booking', ...booking, expiresAt }) } },
          ...(booking.subscriberId
            ? [
                {
                  Put: {
                    TableName: this.tableName,
                    Item: m({
                      ...keys.subscriberBooking(booking.subscriberId, booking.at, booking.bookingId),
                      type: 'bookingRef',
                      bookingId: booking.bookingId,
                      expiresAt,
                    }),
                  },
                },
              ]
            : []),
          ...addressHashes.map((hash) => ({
            Put: {
              TableName: this.tableName,
              Item: m({ ...keys.addressBooking(hash, booking.at, booking.bookingId), type: 'addressBookingRef', bookingId: booking.bookingId, expiresAt }),
            },
          })),
        ],
      }),
    );
  }

  async getBooking(bookingId: string): Promise<BookingRequest | undefined> {
    const item = await this.item(keys.booking(bookingId));
    if (!item) return undefined;
    const { expiresAt, erased, ...rest } = strip<BookingRequest & { expiresAt?: number; erased?: boolean }>(item);
    return rest;
  }

  async listBookings(subscriberId: string): Promise<BookingRequest[]> {
    const refs = await this.queryPrefix(keys.subscriber(subscriberId).pk, keys.bookingPrefix);
    const found = await Promise.all(refs.map((r) => this.getBooking(r.bookingId as string)));
    return found.filter((b): b is BookingRequest => b !== undefined);
  }

  async recordStepEvent(event: StepEvent, expiresAt: number): Promise<boolean> {
    const onStep = event.sequenceId && event.stepId ? { sequenceId: event.sequenceId, stepId: event.stepId } : undefined;
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: m({
                  ...keys.stepEvent(event.eventId),
                  type: 'event',
                  ...event,
                  expiresAt,
                  ...(onStep ? stepIndexKeys(onStep.sequenceId, onStep.stepId, event.at, event.eventId) : {}),
                }),
                // One row per eventId: a replayed notification counts nothing twice (R9).
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(onStep
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: m(keys.stepStats(onStep.sequenceId, onStep.stepId)),
                      UpdateExpression: 'ADD #kind :one SET #type = :stats',
                      ExpressionAttributeNames: { '#kind': event.kind, '#type': 'type' },
                      ExpressionAttributeValues: m({ ':one': 1, ':stats': 'stepStats' }),
                    },
                  },
                  // The per-day counter of the results chart (staff console, issue 6).
                  this.dayCounterItem(onStep.sequenceId, onStep.stepId, event.kind, event.at),
                ]
              : []),
          ],
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async listStepEvents(sequenceId: string, stepId: string): Promise<StepEvent[]> {
    const idx = tableDefinition.indexes.byStep;
    const events: StepEvent[] = [];
    let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    do {
      const r = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: idx.name,
          KeyConditionExpression: '#p = :p',
          FilterExpression: '#type = :event',
          ExpressionAttributeNames: { '#p': idx.partitionKey, '#type': 'type' },
          ExpressionAttributeValues: m({ ':p': stepIndexKeys(sequenceId, stepId, '', '').stepPk, ':event': 'event' }),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const i of r.Items ?? []) {
        const { expiresAt, ...e } = strip<StepEvent & { expiresAt?: number }>(unmarshall(i));
        events.push(e);
      }
      start = r.LastEvaluatedKey;
    } while (start);
    return events;
  }

  async getStepStats(sequenceId: string, stepId: string): Promise<Partial<Record<StepEvent['kind'], number>>> {
    const item = await this.item(keys.stepStats(sequenceId, stepId));
    if (!item) return {};
    const { pk, sk, type, ...counts } = item;
    return counts as Partial<Record<StepEvent['kind'], number>>;
  }

  async reconcileSend(sendId: string, providerMessageId: string, at: string): Promise<boolean> {
    let old: Record<string, unknown> | undefined;
    try {
      const r = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(keys.send(sendId)),
          UpdateExpression: 'SET #state = :sent, providerMessageId = :pid, reason = :why, updatedAt = :at REMOVE leaseUntil',
          ConditionExpression: '#state IN (:unknown, :retry)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: m({
            ':sent': 'SENT',
            ':pid': providerMessageId,
            ':why': 'reconciled from the provider send event',
            ':at': at,
            ':unknown': 'UNKNOWN',
            ':retry': 'RETRY',
          }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      old = r.Attributes ? unmarshall(r.Attributes) : undefined;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
    // The worker recorded the ambiguous send in the history under the same instant as the outbox row.
    if (old?.subscriberId && old.updatedAt) {
      await this.update(
        keys.message(old.subscriberId as string, old.updatedAt as string, sendId),
        { state: 'SENT', providerMessageId },
        [],
        { expr: 'attribute_exists(pk)' },
      );
    }
    return true;
  }

  async isFeedbackHandled(feedbackId: string): Promise<boolean> {
    return (await this.item(keys.feedback(feedbackId))) !== undefined;
  }

  async markFeedbackHandled(feedbackId: string, expiresAt: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: m({ ...keys.feedback(feedbackId), type: 'feedback', expiresAt }) }),
    );
  }

  async countSoftBounce(addressHash: string, feedbackId: string, expiresAt: number, now: Date): Promise<number> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      // An expired counter (TTL has not deleted it yet) starts again from this bounce.
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(keys.softBounces(addressHash)),
          UpdateExpression: 'SET bounces = :one, feedbackIds = :ids, expiresAt = :exp, #type = :t',
          ConditionExpression: 'expiresAt <= :now',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: m({ ':one': 1, ':ids': new Set([feedbackId]), ':exp': expiresAt, ':now': nowSeconds, ':t': 'softBounces' }),
        }),
      );
      return 1;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    try {
      const r = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: m(keys.softBounces(addressHash)),
          UpdateExpression: 'ADD bounces :one, feedbackIds :ids SET expiresAt = :exp, #type = :t',
          // Each event counts once, even when replayed after a partial failure (R9).
          ConditionExpression: 'attribute_not_exists(feedbackIds) OR NOT contains(feedbackIds, :id)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: m({ ':one': 1, ':ids': new Set([feedbackId]), ':id': feedbackId, ':exp': expiresAt, ':t': 'softBounces' }),
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(r.Attributes ? unmarshall(r.Attributes).bounces : 0);
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const item = await this.item(keys.softBounces(addressHash));
      return item && Number(item.expiresAt) > nowSeconds ? Number(item.bounces ?? 0) : 0;
    }
  }

  async clearSoftBounces(addressHash: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: m(keys.softBounces(addressHash)) }));
  }

  // Signup and confirmation (issue 11).

  /** A conditional PutItem; false when the condition failed. */
  private async putIf(item: Record<string, unknown>, condition: string, names?: Record<string, string>, values?: Record<string, unknown>): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: m(item),
          ConditionExpression: condition,
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ...(values ? { ExpressionAttributeValues: m(values) } : {}),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async claimConfirmationSlot(addressHash: string, until: number, now: Date): Promise<boolean> {
    return this.putIf({ ...keys.confirmationSlot(addressHash), type: 'confirmationSlot', until, expiresAt: until }, 'attribute_not_exists(pk) OR #until <= :now', { '#until': 'until' }, { ':now': epoch(now) });
  }

  async putSignupRequest(record: ConsentRecord, expiresAt: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: m({ ...keys.signupRequest(record.subscriberId, record.channel), type: 'signupRequest', ...record, expiresAt }),
      }),
    );
  }

  async takeSignupRequest(subscriberId: string, channel: Channel, now: Date): Promise<ConsentRecord | undefined> {
    const r = await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: m(keys.signupRequest(subscriberId, channel)), ReturnValues: 'ALL_OLD' }),
    );
    const item = r.Attributes ? unmarshall(r.Attributes) : undefined;
    if (!item || isExpired(item, now)) return undefined;
    const { expiresAt: _e, ...rest } = strip<ConsentRecord & { expiresAt?: number }>(item);
    return rest;
  }

  async useConfirmNonce(nonce: string, expiresAt: number): Promise<boolean> {
    return this.putIf({ ...keys.confirmNonce(nonce), type: 'confirmNonce', expiresAt }, 'attribute_not_exists(pk)');
  }

  async restartEnrollment(e: Enrollment, expectedStatus: string): Promise<boolean> {
    return this.putIf(this.enrollmentItem(e), '#status = :expected', { '#status': 'status' }, { ':expected': expectedStatus });
  }
}
