/** Subscribers on DynamoDB: the profile row and its address lookup rows (`keys.subscriber`, `keys.emailContact`/`phoneContact`). */
import { keys } from '../../../../contract/table.js';
import type { Channel, Subscriber } from '../../../../domain/core/model.js';
import type { ContactClaim, Subscribers } from '../../../../domain/ports/people/subscribers.js';
import { conditional, type DynamoTable, epochSeconds, isConditionFailure, isExpired, stripStorageAttributes } from '../DynamoTable.js';

const contactKey = (channel: Channel, hash: string) => (channel === 'email' ? keys.emailContact(hash) : keys.phoneContact(hash));

export class DynamoSubscribers implements Subscribers {
  constructor(private readonly table: DynamoTable) {}

  async getSubscriber(subscriberId: string, now: Date): Promise<Subscriber | undefined> {
    const item = await this.table.get(keys.subscriber(subscriberId));
    if (!item || isExpired(item, now)) return undefined;
    return stripStorageAttributes<Subscriber>(item);
  }

  async getSubscribers(subscriberIds: readonly string[], now: Date): Promise<Map<string, Subscriber>> {
    const items = await this.table.getMany(subscriberIds.map((id) => keys.subscriber(id)));
    const out = new Map<string, Subscriber>();
    for (const item of items) if (item && !isExpired(item, now)) out.set(item.subscriberId as string, stripStorageAttributes<Subscriber>(item));
    return out;
  }

  async findSubscriberIdByAddress(channel: Channel, addressHash: string, now: Date): Promise<string | undefined> {
    const item = await this.table.get(contactKey(channel, addressHash));
    if (!item || isExpired(item, now)) return undefined;
    const owner = item.subscriberId as string;
    return (await this.getSubscriber(owner, now)) ? owner : undefined;
  }

  async createSubscriber(s: Subscriber, contacts: { channel: Channel; addressHash: string }[], now: Date): Promise<boolean> {
    const claimable = 'attribute_not_exists(pk) OR expiresAt <= :now';
    return conditional(() =>
      this.table.transact([
        { Put: { TableName: '', Item: { ...keys.subscriber(s.subscriberId), type: 'subscriber', ...s }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...contacts.map((c) => ({
          Put: {
            TableName: '',
            Item: { ...contactKey(c.channel, c.addressHash), type: 'contact', subscriberId: s.subscriberId, expiresAt: s.expiresAt },
            ConditionExpression: claimable,
            ExpressionAttributeValues: { ':now': epochSeconds(now) },
          },
        })),
      ]),
    );
  }

  async claimContact(channel: Channel, addressHash: string, subscriberId: string, expiresAt: number | undefined, now: Date): Promise<ContactClaim> {
    try {
      await this.table.put(
        { ...contactKey(channel, addressHash), type: 'contact', subscriberId, expiresAt },
        { expr: 'attribute_not_exists(pk) OR subscriberId = :sub OR expiresAt <= :now', values: { ':sub': subscriberId, ':now': epochSeconds(now) } },
      );
      return { owner: subscriberId, created: true };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const item = await this.table.get(contactKey(channel, addressHash));
      return { owner: (item?.subscriberId as string) ?? subscriberId, created: false };
    }
  }

  async releaseContact(channel: Channel, addressHash: string, subscriberId: string): Promise<void> {
    await conditional(() => this.table.delete(contactKey(channel, addressHash), { expr: 'subscriberId = :sub', values: { ':sub': subscriberId } }));
  }

  async updateSubscriber(subscriberId: string, patch: Partial<Omit<Subscriber, 'subscriberId'>>, remove: (keyof Subscriber)[] = []): Promise<void> {
    await conditional(() => this.table.update(keys.subscriber(subscriberId), patch, remove as string[], { expr: 'attribute_exists(pk)' }));
  }

  async transitionChannel(subscriberId: string, channel: Channel, from: string[], to: string, clearExpiry: boolean, by?: string): Promise<boolean> {
    const attr = channel === 'email' ? 'emailStatus' : 'smsStatus';
    const values: Record<string, unknown> = {};
    from.forEach((f, i) => (values[`:f${i}`] = f));
    const stamp = { [attr]: to, ...(by ? { [`${attr}ChangedBy`]: by } : {}) };
    const write = () =>
      this.table.update(keys.subscriber(subscriberId), stamp, clearExpiry ? ['expiresAt'] : [], {
        expr: `attribute_exists(pk) AND #st IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
        names: { '#st': attr },
        values,
      });
    return by === undefined ? conditional(write) : this.table.conditionalOrOwn(write, keys.subscriber(subscriberId), stamp);
  }

  async countConfirmationSend(addressHash: string, day: string, cap: number, expiresAt: number): Promise<boolean> {
    return conditional(() =>
      this.table.updateRaw({
        Key: keys.confirmationSends(addressHash, day),
        UpdateExpression: 'ADD sends :one SET expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(sends) OR sends < :cap',
        ExpressionAttributeValues: { ':one': 1, ':exp': expiresAt, ':cap': cap },
      }),
    );
  }
}
