import { describe, expect, it } from 'vitest';
import {
  emailTemplateIds,
  renderEmail,
  renderSms,
  smsTemplateIds,
  UnknownTemplate,
  type MergeContext,
} from '../../../functions/rendering/index.js';
import { sampleMergeContext } from '../../../functions/rendering/merge/sampleMergeContext.js';

const en = sampleMergeContext('en');
const es = sampleMergeContext('es');
const withFirstName = (ctx: MergeContext, firstName: string | null | undefined): MergeContext => ({
  ...ctx,
  subscriber: { firstName },
});

describe('renderEmail and renderSms', () => {
  it('list the template ids the content issue names', () => {
    expect(emailTemplateIds()).toEqual(
      [
        'booking-confirmation', 'booking-notification', 'confirm-email', 'consultation-invite', 'inbound-text-notification', 'last-reminder',
        'living-with', 'self-care', 'symptoms', 'treatment', 'welcome',
      ],
    );
    expect(smsTemplateIds()).toEqual(
      ['booking-confirmation', 'consultation-invite', 'help', 'last-reminder', 'optin-confirm', 'reply-received', 'self-care', 'start-confirm', 'stop-confirm', 'welcome'],
    );
  });

  it('escape a first name in the HTML part, so markup in it is shown as text (W8)', async () => {
    const ctx = withFirstName(en, '<script>alert(1)</script>');

    const { html, text } = await renderEmail('welcome', 'en', ctx, { strict: true });

    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('Hi <script>alert(1)</script>,');
  });

  it('keep a merge value from adding a line to the subject header (W8, O9)', async () => {
    const ctx = { ...en, booking: { ...en.booking!, locationName: 'Orange\r\nBcc: someone@example.com' } };

    const { subject } = await renderEmail('booking-notification', 'en', ctx, { strict: true });

    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('New consultation request: Orange Bcc: someone@example.com');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['blank', '   '],
  ])('greet a reader whose first name is %s with the fallback in each language', async (_, firstName) => {
    const english = await renderEmail('welcome', 'en', withFirstName(en, firstName), { strict: true });
    const spanish = await renderEmail('welcome', 'es', withFirstName(es, firstName), { strict: true });

    expect(english.text).toContain('Hi there,');
    expect(spanish.text).toContain('Hola:');
  });

  it('greet a reader by first name when there is one', async () => {
    const english = await renderEmail('welcome', 'en', withFirstName(en, 'Ana'), { strict: true });
    const spanish = await renderEmail('welcome', 'es', withFirstName(es, 'Ana'), { strict: true });

    expect(english.text).toContain('Hi Ana,');
    expect(spanish.text).toContain('Hola, Ana:');
  });

  it('fail a strict render when a variable the template needs is absent', async () => {
    const { confirm: _confirm, ...links } = en.links;
    const ctx = { ...en, links };

    await expect(renderEmail('confirm-email', 'en', ctx, { strict: true })).rejects.toThrow(/links\.confirm|undefined variable/i);
    await expect(renderEmail('confirm-email', 'en', ctx)).resolves.toMatchObject({ subject: 'Please confirm your email address' });
  });

  it('fail a strict render of a booking template without booking details', async () => {
    const { booking: _booking, ...ctx } = en;

    await expect(renderSms('booking-confirmation', 'en', ctx, { strict: true })).rejects.toThrow(/booking/);
  });

  it('throw UnknownTemplate for an id or language the catalog lacks', async () => {
    await expect(renderEmail('nope', 'en', en)).rejects.toBeInstanceOf(UnknownTemplate);
    await expect(renderSms('nope', 'es', es)).rejects.toBeInstanceOf(UnknownTemplate);
    await expect(renderEmail('welcome', 'fr' as 'en', en)).rejects.toBeInstanceOf(UnknownTemplate);
    await expect(renderEmail('toString', 'en', en)).rejects.toBeInstanceOf(UnknownTemplate);
  });

  it('put the confirmation link in the confirmation email and say it expires in 72 hours', async () => {
    const english = await renderEmail('confirm-email', 'en', en, { strict: true });
    const spanish = await renderEmail('confirm-email', 'es', es, { strict: true });

    expect(english.html).toContain(`href="${en.links.confirm}"`);
    expect(english.text).toMatch(/expires in 72 hours/);
    expect(spanish.text).toMatch(/vence en 72 horas/);
  });

  it('send the clinic inbox every booking detail the patient gave', async () => {
    const { text } = await renderEmail('booking-notification', 'en', en, { strict: true });

    for (const value of Object.values(en.booking!)) expect(text).toContain(value);
  });

  it('keep the reason for a visit out of the email to the patient (minimum PHI in their inbox)', async () => {
    const { html, text } = await renderEmail('booking-confirmation', 'en', en, { strict: true });

    expect(text).toContain(en.booking!.preferredTimes);
    expect(html + text).not.toContain(en.booking!.reason!);
  });
});
