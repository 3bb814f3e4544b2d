import { describe, expect, it } from 'vitest';
import { resolveLinkTarget } from '../../../../functions/contract/linkTargets.js';
import { parseConfig } from '../../../../functions/config.js';

const ctx = { publicBaseUrl: 'https://learn.clinic.example', clinicWebsite: 'https://www.clinic.example' };

describe("the deployment's link allow-list (W10)", () => {
  it('allows the site and the clinic website when the deployment sets no list', () => {
    expect(resolveLinkTarget('book', ctx)).toBe('https://learn.clinic.example/book');
    expect(resolveLinkTarget('website', ctx)).toBe('https://www.clinic.example');
  });

  it('refuses a listed target whose origin the deployment did not allow, but always allows the site', () => {
    expect(resolveLinkTarget('website', { ...ctx, allowedOrigins: ['https://other.example'] })).toBeUndefined();
    expect(resolveLinkTarget('book', { ...ctx, allowedOrigins: ['https://other.example'] })).toBe('https://learn.clinic.example/book');
    expect(resolveLinkTarget('website', { ...ctx, allowedOrigins: ['https://www.clinic.example'] })).toBe('https://www.clinic.example');
  });

  it('reads CARECAST_LINK_ALLOWLIST as origins, accepting bare hosts', () => {
    const cfg = parseConfig({
      CARECAST_TABLE_NAME: 't',
      CARECAST_PUBLIC_BASE_URL: 'https://learn.clinic.example',
      CARECAST_FROM_ADDRESS: 'a@clinic.example',
      CARECAST_SES_CONFIGURATION_SET: 'cs',
      CARECAST_BOOKING_INBOX: 'b@clinic.example',
      CARECAST_CLINIC: JSON.stringify({
        name: 'C', programName: 'P', phone: '(949) 555-0100', email: 'c@clinic.example', website: 'https://www.clinic.example', timezone: 'America/Los_Angeles',
        locations: [{ id: 'a', name: 'A', address: '1 Main St, Orange, CA' }],
      }),
      CARECAST_LINK_ALLOWLIST: 'www.clinic.example, https://maps.example',
    });
    expect(cfg.linkAllowList).toEqual(['https://www.clinic.example', 'https://maps.example']);
  });
});
