import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultClinicProfile } from '../../../functions/rendering/clinicProfile.js';

describe('loadDefaultClinicProfile', () => {
  it('ships the three SoCal Pain Center offices at the street addresses the clinic publishes (E1)', () => {
    const clinic = loadDefaultClinicProfile();

    expect(clinic.name).toBe('SoCal Pain Center');
    expect(clinic.timezone).toBe('America/Los_Angeles');
    // As the clinic's own cervical dystonia page lists them (shared docs: clinic-locations.md).
    expect(clinic.locations.map((l) => [l.id, l.address])).toEqual([
      ['newport-beach', '4631 Teller Ave., Newport Beach, CA 92660'],
      ['orange', '2617 East Chapman Ave., Suite 110, Orange, CA 92869'],
      ['whittier', '12472 Washington Blvd., Whittier, CA 90602'],
    ]);
  });

  it('keeps the unknown phone and email as recognisable placeholders, which a deployment refuses', () => {
    const clinic = loadDefaultClinicProfile();

    expect(clinic.phone).toMatch(/555-01\d\d/);
    expect(clinic.email).toMatch(/\.example$/);
  });

  it('refuses a profile whose location has no address, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinic-'));
    const path = join(dir, 'clinic.yaml');
    writeFileSync(
      path,
      'name: X\nprogramName: X\nphone: "(949) 555-0100"\nemail: a@b.example\nwebsite: https://x.example\ntimezone: UTC\nlocations:\n  - { id: a, name: A, address: "" }\n',
    );

    expect(() => loadDefaultClinicProfile(path)).toThrow(/locations\.0\.address/);
  });
});
