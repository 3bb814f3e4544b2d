/** Subscribers in memory: profiles and address lookup rows, with the DynamoDB adapter's conditions. */
import type { Channel, Subscriber } from '../../../domain/core/model.js';
import type { ContactClaim, Subscribers } from '../../../domain/ports/people/subscribers.js';
import { applyUpdate, copy, epochSeconds, isExpired } from '../memoryRows.js';

interface ContactRow {
  subscriberId: string;
  expiresAt?: number | undefined;
}

export class MemorySubscribers implements Subscribers {
  private readonly profiles = new Map<string, Subscriber>();
  private readonly contacts = new Map<string, ContactRow>();
  private readonly confirmationSends = new Map<string, number>();

  async getSubscriber(subscriberId: string, now: Date): Promise<Subscriber | undefined> {
    const s = this.profiles.get(subscriberId);
    return s && !isExpired(s, now) ? copy(s) : undefined;
  }

  async getSubscribers(subscriberIds: readonly string[], now: Date): Promise<Map<string, Subscriber>> {
    const out = new Map<string, Subscriber>();
    for (const id of subscriberIds) {
      const s = await this.getSubscriber(id, now);
      if (s) out.set(id, s);
    }
    return out;
  }

  async findSubscriberIdByAddress(channel: Channel, addressHash: string, now: Date): Promise<string | undefined> {
    const c = this.contacts.get(`${channel}#${addressHash}`);
    if (!c || isExpired(c, now)) return undefined;
    return (await this.getSubscriber(c.subscriberId, now)) ? c.subscriberId : undefined;
  }

  async createSubscriber(s: Subscriber, contacts: { channel: Channel; addressHash: string }[], now: Date): Promise<boolean> {
    const claimable = (c: ContactRow | undefined) => !c || (typeof c.expiresAt === 'number' && c.expiresAt <= epochSeconds(now));
    if (this.profiles.has(s.subscriberId) || !contacts.every((c) => claimable(this.contacts.get(`${c.channel}#${c.addressHash}`)))) return false;
    this.profiles.set(s.subscriberId, copy(s));
    for (const c of contacts) this.contacts.set(`${c.channel}#${c.addressHash}`, { subscriberId: s.subscriberId, expiresAt: s.expiresAt });
    return true;
  }

  async claimContact(channel: Channel, addressHash: string, subscriberId: string, expiresAt: number | undefined, now: Date): Promise<ContactClaim> {
    const key = `${channel}#${addressHash}`;
    const c = this.contacts.get(key);
    if (!c || c.subscriberId === subscriberId || (typeof c.expiresAt === 'number' && c.expiresAt <= epochSeconds(now))) {
      this.contacts.set(key, { subscriberId, expiresAt });
      return { owner: subscriberId, created: true };
    }
    return { owner: c.subscriberId, created: false };
  }

  async releaseContact(channel: Channel, addressHash: string, subscriberId: string): Promise<void> {
    const key = `${channel}#${addressHash}`;
    if (this.contacts.get(key)?.subscriberId === subscriberId) this.contacts.delete(key);
  }

  async updateSubscriber(subscriberId: string, patch: Partial<Omit<Subscriber, 'subscriberId'>>, remove: (keyof Subscriber)[] = []): Promise<void> {
    const s = this.profiles.get(subscriberId);
    if (s) applyUpdate(s as unknown as Record<string, unknown>, patch, remove as string[]);
  }

  async transitionChannel(subscriberId: string, channel: Channel, from: string[], to: string, clearExpiry: boolean, by?: string): Promise<boolean> {
    const s = this.profiles.get(subscriberId) as unknown as Record<string, unknown> | undefined;
    const attr = channel === 'email' ? 'emailStatus' : 'smsStatus';
    if (!s) return false;
    if (!from.includes(s[attr] as string)) return by !== undefined && s[attr] === to && s[`${attr}ChangedBy`] === by;
    applyUpdate(s, { [attr]: to, ...(by ? { [`${attr}ChangedBy`]: by } : {}) }, clearExpiry ? ['expiresAt'] : []);
    return true;
  }

  async countConfirmationSend(addressHash: string, day: string, cap: number, _expiresAt: number): Promise<boolean> {
    const key = `${addressHash}#${day}`;
    const sends = this.confirmationSends.get(key) ?? 0;
    if (sends >= cap) return false;
    this.confirmationSends.set(key, sends + 1);
    return true;
  }
}
