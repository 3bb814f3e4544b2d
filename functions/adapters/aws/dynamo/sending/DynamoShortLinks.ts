/** Short links on DynamoDB (`keys.shortLink`), expiring with the TTL attribute. */
import { keys } from '../../../../contract/table.js';
import type { ShortLinkClaims, ShortLinks } from '../../../../domain/ports/sending/shortLinks.js';
import { type DynamoTable, isExpired, stripStorageAttributes } from '../DynamoTable.js';

/** The stored row of a short link (also written inside the send worker's claim transaction). */
export const shortLinkItem = (linkId: string, claims: ShortLinkClaims, expiresAt: number) => ({ ...keys.shortLink(linkId), type: 'shortLink', ...claims, expiresAt });

export class DynamoShortLinks implements ShortLinks {
  constructor(private readonly table: DynamoTable) {}

  async putShortLink(linkId: string, claims: ShortLinkClaims, expiresAt: number): Promise<void> {
    await this.table.put(shortLinkItem(linkId, claims, expiresAt));
  }

  async getShortLink(linkId: string, now: Date): Promise<ShortLinkClaims | undefined> {
    const item = await this.table.get(keys.shortLink(linkId));
    if (!item || isExpired(item, now)) return undefined;
    const { expiresAt, ...claims } = stripStorageAttributes<ShortLinkClaims & { expiresAt?: number }>(item);
    return claims;
  }
}
