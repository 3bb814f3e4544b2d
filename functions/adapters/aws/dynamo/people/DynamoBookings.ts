/** Consultation requests on DynamoDB: the request row (`keys.booking`) and the subscriber's pointer row, written in one transaction. */
import { keys } from '../../../../contract/table.js';
import type { BookingRequest } from '../../../../domain/core/model.js';
import type { Bookings } from '../../../../domain/ports/people/bookings.js';
import { conditional, type DynamoTable, stripStorageAttributes } from '../DynamoTable.js';

export class DynamoBookings implements Bookings {
  constructor(private readonly table: DynamoTable) {}

  async createBooking(booking: BookingRequest, expiresAt: number, addressHashes: string[] = []): Promise<boolean> {
    return conditional(() =>
      this.table.transact([
        // One request per bookingId: a retry's pointer rows (keyed by its own time) are not written either.
        { Put: { TableName: '', Item: { ...keys.booking(booking.bookingId), type: 'booking', ...booking, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...(booking.subscriberId
          ? [
              {
                Put: {
                  TableName: '',
                  Item: { ...keys.subscriberBooking(booking.subscriberId, booking.at, booking.bookingId), type: 'bookingRef', bookingId: booking.bookingId, expiresAt },
                },
              },
            ]
          : []),
        ...addressHashes.map((hash) => ({
          Put: { TableName: '', Item: { ...keys.addressBooking(hash, booking.at, booking.bookingId), type: 'addressBookingRef', bookingId: booking.bookingId, expiresAt } },
        })),
      ]),
    );
  }

  async getBooking(bookingId: string): Promise<BookingRequest | undefined> {
    const item = await this.table.get(keys.booking(bookingId));
    if (!item) return undefined;
    const { expiresAt, erased, ...rest } = stripStorageAttributes<BookingRequest & { expiresAt?: number; erased?: boolean }>(item);
    return rest;
  }

  async #bookingRefs(subscriberId: string): Promise<Record<string, unknown>[]> {
    return (await this.table.query({ pk: keys.subscriber(subscriberId).pk, prefix: keys.bookingPrefix })).items;
  }

  async listBookings(subscriberId: string): Promise<BookingRequest[]> {
    const found = await Promise.all((await this.#bookingRefs(subscriberId)).map((r) => this.getBooking(r.bookingId as string)));
    return found.filter((b): b is BookingRequest => b !== undefined);
  }

  /** Strips one request's contact fields and free text, if it still exists. */
  async #erase(bookingId: string): Promise<void> {
    await conditional(() =>
      this.table.update(keys.booking(bookingId), { preferredTimes: '', erased: true }, ['firstName', 'email', 'phone', 'reason'], { expr: 'attribute_exists(pk)' }),
    );
  }

  async eraseBookingDetails(subscriberId: string): Promise<void> {
    for (const ref of await this.#bookingRefs(subscriberId)) await this.#erase(ref.bookingId as string);
  }

  async eraseBookingsByAddress(addressHash: string): Promise<void> {
    for (const ref of (await this.table.query({ pk: keys.addressBookingPartition(addressHash) })).items) await this.#erase(ref.bookingId as string);
  }
}
