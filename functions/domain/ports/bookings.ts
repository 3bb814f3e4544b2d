/** Consultation requests (issue 5) and the pointer rows from a subscriber to theirs. */
import type { BookingRequest } from '../core/model.js';

export interface Bookings {
  /** Stores a request (and a pointer from its subscriber, if any) in one transaction, until `expiresAt` (epoch seconds). */
  createBooking(booking: BookingRequest, expiresAt: number): Promise<void>;
  getBooking(bookingId: string): Promise<BookingRequest | undefined>;
  listBookings(subscriberId: string): Promise<BookingRequest[]>;
  /** Strips the contact details and free text of a subscriber's requests (P8); the rows stay, marked erased. */
  eraseBookingDetails(subscriberId: string): Promise<void>;
}
