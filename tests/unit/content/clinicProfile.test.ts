import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultClinicProfile } from '../../../functions/rendering/clinicProfile.js';

describe('loadDefaultClinicProfile', () => {
  it('reads the three SoCal Pain Center offices with postal addresses (E1)', () => {
    const clinic = loadDefaultClinicProfile();

    expect(clinic.name).toBe('SoCal Pain Center');
    expect(clinic.timezone).toBe('America/Los_Angeles');
    expect(clinic.locations.map((l) => l.id)).toEqual(['newport-beach', 'orange', 'whittier']);
    for (const l of clinic.locations) expect(l.address).toMatch(new RegExp(`${l.name}, CA$`));
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
