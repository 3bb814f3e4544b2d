/**
 * Issue 16: a retried booking books once. The booking page carries a hidden request id; the
 * booking id derives from it and the request row is a conditional put, so posting the same form
 * again (a double click, a retry after a 503, a network retry), one after the other or at once,
 * gives the same confirmation page and makes one request, one clinic notification and one
 * confirmation to the patient per channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { hiddenFields, startFaultableStack, whileDynamoDown } from '../support/dynamoDown.js';
import { clickLinkIn, confirmedSubscriber, postForm, type TestSubscriber } from '../support/recipientActions.js';
import { itemsOfType, sent } from '../support/testStack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startFaultableStack();
});
afterAll(() => stack?.stop());

/** A confirmed subscriber (email and text) who followed the welcome email's booking link: the page's hidden fields. */
const onBookingPage = async (): Promise<{ s: TestSubscriber; hidden: Record<string, string> }> => {
  const s = await confirmedSubscriber(stack, { sms: true, firstName: 'Marisol' });
  await stack.advance('PT12H');
  const mail = sent(stack, { to: s.email }).find((e) => e.tags?.step === 'welcome');
  if (!mail) throw new Error('welcome not sent');
  const r = await fetch(clickLinkIn(mail.text), { redirect: 'manual' });
  const page = await fetch(new URL(r.headers.get('location') as string, stack.baseUrl));
  return { s, hidden: hiddenFields(await page.text()) };
};

const bookingForm = (s: TestSubscriber, hidden: Record<string, string>) => ({
  ...hidden,
  firstName: s.firstName,
  email: s.email,
  location: 'orange',
  preferredTimes: 'Tuesday afternoons',
  consentContact: 'true',
});

const book = (form: Record<string, string>) => postForm(`${stack.baseUrl}/api/book`, form, { origin: stack.baseUrl });

/** What the clinic and the patient got about this person's booking. */
const outcome = async (s: TestSubscriber) => {
  const { store, settings } = await domainContext();
  return {
    bookings: (await store.listBookings(s.subscriberId)).length,
    clinicNotifications: sent(stack, { channel: 'email', to: settings.bookingInbox }).filter((e) => e.text?.includes(s.email)).length,
    emailConfirmations: sent(stack, { to: s.email }).filter((e) => e.tags?.step === 'booking-confirmation').length,
    textConfirmations: sent(stack, { channel: 'sms', to: s.phone as string }).filter((t) => /consultation request/i.test(t.body ?? '')).length,
  };
};
const ONCE = { bookings: 1, clinicNotifications: 1, emailConfirmations: 1, textConfirmations: 1 };

describe('a retried booking', () => {
  it('posted twice in a row books once and answers the same confirmation both times', async () => {
    const { s, hidden } = await onBookingPage();
    expect(hidden.requestId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const requests = (await itemsOfType(stack, 'booking')).length;
    const first = await book(bookingForm(s, hidden));
    await stack.settle();
    const second = await book(bookingForm(s, hidden));
    await stack.settle();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await second.text()).toBe(await first.text());
    expect(await outcome(s)).toEqual(ONCE);
    expect((await itemsOfType(stack, 'booking')).length).toBe(requests + 1);
  });

  it('posted twice at once (a double click) books once', async () => {
    const { s, hidden } = await onBookingPage();
    const answers = await Promise.all([book(bookingForm(s, hidden)), book(bookingForm(s, hidden))]);
    await stack.settle();
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(await outcome(s)).toEqual(ONCE);
  });

  it('keeps its request id on the 503 page, and pressing again (twice) books once', async () => {
    const { s, hidden } = await onBookingPage();
    const down = await whileDynamoDown(() => book(bookingForm(s, hidden)));
    expect(down.status).toBe(503);
    const kept = hiddenFields(await down.text());
    expect(kept.requestId).toBe(hidden.requestId);
    expect((await book(bookingForm(s, kept))).status).toBe(201);
    expect((await book(bookingForm(s, kept))).status).toBe(201);
    await stack.settle();
    expect(await outcome(s)).toEqual(ONCE);
  });

  it('a new visit to the page is a new request: two forms, two bookings', async () => {
    const { s, hidden } = await onBookingPage();
    const page = await fetch(`${stack.baseUrl}/book?t=${encodeURIComponent(hidden.token as string)}`);
    const other = hiddenFields(await page.text());
    expect(other.requestId).not.toBe(hidden.requestId);
    expect((await book(bookingForm(s, hidden))).status).toBe(201);
    expect((await book(bookingForm(s, other))).status).toBe(201);
    await stack.settle();
    expect((await outcome(s)).bookings).toBe(2);
  });
});
