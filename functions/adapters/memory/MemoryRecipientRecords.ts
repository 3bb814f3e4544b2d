/** Short links and consultation requests in memory, with the DynamoDB adapters' expiry and erasure rules. */
import type { BookingRequest } from '../../domain/core/model.js';
import type { Bookings } from '../../domain/ports/people/bookings.js';
import type { ShortLinkClaims, ShortLinks } from '../../domain/ports/sending/shortLinks.js';
import { copy, isExpired } from './memoryRows.js';

export class MemoryShortLinks implements ShortLinks {
  private readonly links = new Map<string, { claims: ShortLinkClaims; expiresAt: number }>();

  async putShortLink(linkId: string, claims: ShortLinkClaims, expiresAt: number): Promise<void> {
    this.links.set(linkId, { claims: copy(claims), expiresAt });
  }

  async getShortLink(linkId: string, now: Date): Promise<ShortLinkClaims | undefined> {
    const l = this.links.get(linkId);
    return l && !isExpired(l, now) ? copy(l.claims) : undefined;
  }
}

export class MemoryBookings implements Bookings {
  private readonly bookings = new Map<string, BookingRequest>();
  private readonly refs = new Map<string, string>();
  private readonly addressRefs = new Map<string, string>();

  async createBooking(booking: BookingRequest, _expiresAt: number, addressHashes: string[] = []): Promise<boolean> {
    if (this.bookings.has(booking.bookingId)) return false;
    this.bookings.set(booking.bookingId, copy(booking));
    if (booking.subscriberId) this.refs.set(`${booking.subscriberId}|${booking.at}#${booking.bookingId}`, booking.bookingId);
    for (const hash of addressHashes) this.addressRefs.set(`${hash}|${booking.at}#${booking.bookingId}`, booking.bookingId);
    return true;
  }

  async getBooking(bookingId: string): Promise<BookingRequest | undefined> {
    const b = this.bookings.get(bookingId);
    return b ? copy(b) : undefined;
  }

  #refsOf(subscriberId: string): string[] {
    return [...this.refs.entries()]
      .filter(([k]) => k.startsWith(`${subscriberId}|`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, id]) => id);
  }

  async listBookings(subscriberId: string): Promise<BookingRequest[]> {
    return this.#refsOf(subscriberId)
      .map((id) => this.bookings.get(id))
      .filter((b): b is BookingRequest => b !== undefined)
      .map(copy);
  }

  #erase(bookingId: string): void {
    const b = this.bookings.get(bookingId) as Record<string, unknown> | undefined;
    if (!b) return;
    b.preferredTimes = '';
    for (const k of ['firstName', 'email', 'phone', 'reason']) delete b[k];
  }

  async eraseBookingDetails(subscriberId: string): Promise<void> {
    for (const id of this.#refsOf(subscriberId)) this.#erase(id);
  }

  async eraseBookingsByAddress(addressHash: string): Promise<void> {
    for (const [k, id] of this.addressRefs) if (k.startsWith(`${addressHash}|`)) this.#erase(id);
  }
}
