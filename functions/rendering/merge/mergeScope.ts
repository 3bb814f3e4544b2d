/**
 * Turns a MergeContext into the scope Liquid renders with.
 *
 * Optional fields that a caller may legitimately leave out become `null`, so `strictVariables`
 * flags only names that do not exist (typos) and templates apply their own fallbacks
 * (`default: "there"`, `{% if %}`). `links.confirm` and `booking` stay absent when absent: a
 * strict render of a template that needs them then fails, as it should.
 */
import type { MergeContext } from './mergeContext.js';

export const mergeScope = (ctx: MergeContext): Record<string, unknown> => ({
  subscriber: { firstName: presentOrNull(ctx.subscriber.firstName) },
  clinic: ctx.clinic,
  links: ctx.links,
  ...(ctx.booking
    ? {
        booking: {
          locationName: ctx.booking.locationName,
          locationAddress: ctx.booking.locationAddress,
          preferredTimes: ctx.booking.preferredTimes,
          reason: presentOrNull(ctx.booking.reason),
          firstName: presentOrNull(ctx.booking.firstName),
          email: presentOrNull(ctx.booking.email),
          phone: presentOrNull(ctx.booking.phone),
        },
      }
    : {}),
  ...(ctx.inboundText
    ? {
        inboundText: {
          body: ctx.inboundText.body,
          receivedAt: ctx.inboundText.receivedAt,
          firstName: presentOrNull(ctx.inboundText.firstName),
          phone: ctx.inboundText.phone,
        },
      }
    : {}),
});

const presentOrNull = (value: string | null | undefined): string | null =>
  value && value.trim() !== '' ? value.trim() : null;
