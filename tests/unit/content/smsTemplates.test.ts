import { describe, expect, it } from 'vitest';
import { readSmsSources } from '../../../functions/rendering/build/templateFiles.js';
import { countSmsSegments } from '../../../functions/rendering/smsSegments.js';
import { sampleMergeContext } from '../../../functions/rendering/merge/sampleMergeContext.js';
import { label, renderAllSms } from './renderedTemplates.js';

const texts = await renderAllSms();
const kindOf = (id: string) => readSmsSources().find((s) => s.id === id)?.frontMatter.kind;
const byId = (id: string) => texts.filter((t) => t.id === id);
const cases = texts.map((t) => [label(t), t] as const);

describe('every SMS', () => {
  it('is rendered with a link as long as a real signed link', () => {
    expect(sampleMergeContext('en').links.booking.length).toBeGreaterThanOrEqual(50);
    expect(texts.some((t) => t.body.includes(sampleMergeContext(t.language).links.booking))).toBe(true);
  });

  it.each(cases)('%s fits one segment in English and two in Spanish, counted with sms-segments-calculator', (_, t) => {
    const count = countSmsSegments(t.body);

    expect(count.segments).toBeLessThanOrEqual(t.language === 'en' ? 1 : 2);
    if (t.language === 'en') expect(count.encoding).toBe('GSM-7');
  });

  it.each(cases)('%s never names the condition (P12: lock screens)', (_, t) => {
    expect(t.body).not.toMatch(/d[iy]ston[ií]|tort[ií]col/i);
  });

  it.each(cases)('%s starts with the clinic or program name', (_, t) => {
    const { clinic } = sampleMergeContext(t.language);
    expect(t.body.startsWith(clinic.name) || t.body.startsWith(clinic.programName)).toBe(true);
  });

  it.each(cases.filter(([, t]) => kindOf(t.id) === 'drip'))('%s, a drip text, tells how to opt out with STOP', (_, t) => {
    expect(t.body).toMatch(/\bSTOP\b/);
  });
});

describe('segment counting', () => {
  it('counts a UCS-2 body over 70 characters as two segments, so the limits above can fail', () => {
    expect(countSmsSegments('á'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(countSmsSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });
});

describe('system texts', () => {
  it.each(byId('optin-confirm').map((t) => [t.language, t] as const))('optin-confirm (%s) names the program, frequency, rates, YES, STOP and HELP (S3)', (_, t) => {
    expect(t.body).toContain(sampleMergeContext(t.language).clinic.programName);
    expect(t.body).toMatch(/4 msgs\/mo|4 al mes/);
    expect(t.body).toMatch(t.language === 'en' ? /Msg & data rates may apply/ : /Pueden aplicarse tarifas de mensajes y datos/);
    for (const word of ['YES', 'STOP', 'HELP']) expect(t.body).toMatch(new RegExp(`\\b${word}\\b`));
  });

  it.each(byId('help').map((t) => [t.language, t] as const))('help (%s) names the program, the clinic phone and how to stop (S4)', (_, t) => {
    const { clinic } = sampleMergeContext(t.language);
    expect(t.body).toContain(clinic.programName);
    expect(t.body).toContain(clinic.phone);
    expect(t.body).toMatch(/\bSTOP\b/);
  });

  it.each(byId('stop-confirm').map((t) => [t.language, t] as const))('stop-confirm (%s) carries no link and no marketing (S5)', (_, t) => {
    expect(t.body).not.toMatch(/https?:|www\.|consult|book|cita/i);
    expect(t.body).toMatch(/no more texts|Ya no le enviaremos/);
  });

  it.each(byId('start-confirm').map((t) => [t.language, t] as const))('start-confirm (%s) repeats frequency, rates, HELP and STOP', (_, t) => {
    expect(t.body).toMatch(/4 msgs\/mo|4 al mes/);
    for (const word of ['STOP', 'HELP']) expect(t.body).toMatch(new RegExp(`\\b${word}\\b`));
  });

  it.each(byId('booking-confirmation').map((t) => [t.language, t] as const))('booking-confirmation (%s) names the office and not the reason for the visit', (_, t) => {
    const { booking } = sampleMergeContext(t.language);
    expect(t.body).toContain(booking?.locationName);
    expect(t.body).not.toContain(booking?.reason);
  });
});
