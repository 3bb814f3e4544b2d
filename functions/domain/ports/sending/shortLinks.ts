/** Short links in texts: an unguessable id standing for the claims a signed click token carries. */

/** What a short link in a text stands for: the same facts a signed click token carries. */
export interface ShortLinkClaims {
  subscriberId: string;
  stepRef: string;
  channel: 'sms';
  target: string;
}

export interface ShortLinks {
  /** Stores a link until `expiresAt` (epoch seconds); idempotent: the same id always holds the same claims. */
  putShortLink(linkId: string, claims: ShortLinkClaims, expiresAt: number): Promise<void>;
  /** The claims behind a short link, or undefined (unknown or expired). */
  getShortLink(linkId: string, now: Date): Promise<ShortLinkClaims | undefined>;
}
