/** Consultation requests (issue 5) and the pointer rows from a subscriber to theirs. */
import type { BookingRequest } from '../../core/model.js';

export interface Bookings {
  /**
   * Stores a request and, in one transaction, a pointer from its subscriber (if any) and from each
   * address typed on it (`addressHashes`), until `expiresAt` (epoch seconds). Conditional on no
   * request with this `bookingId` yet: false, nothing written, when one exists (a retried post of
   * the same form, or our own write whose answer was lost and the SDK retried; issue 16).
   */
  createBooking(booking: BookingRequest, expiresAt: number, addressHashes?: string[]): Promise<boolean>;
  /** Erases the contact fields and free text of every request an address was typed on (P8). */
  eraseBookingsByAddress(addressHash: string): Promise<void>;
  getBooking(bookingId: string): Promise<BookingRequest | undefined>;
  listBookings(subscriberId: string): Promise<BookingRequest[]>;
  /** Strips the contact details and free text of a subscriber's requests (P8); the rows stay, marked erased. */
  eraseBookingDetails(subscriberId: string): Promise<void>;
}
