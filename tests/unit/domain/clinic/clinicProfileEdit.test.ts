/**
 * Editing the clinic profile (issue 14) on in-memory ports: a good edit is a new audited version
 * that the next email's footer shows; each bad edit gets a field-level message and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { clinicProfileVersion, saveClinicDetails } from '../../../../functions/domain/clinic/clinicProfile.js';
import { Conflict } from '../../../../functions/domain/core/errors.js';
import { enrollSubscriber } from '../../../../functions/domain/scheduling/enrollSubscriber.js';
import { dispatchDue } from '../../../../functions/domain/scheduling/dispatchDue.js';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const admin = { sub: 'staff-1', name: 'Admin', role: 'admin' as const };

/** The profile's editable details as the console sends them. */
const details = (d: ReturnType<typeof memoryDomain>) => {
  const { timezone, closedDays, ...rest } = d.ctx.settings.clinic;
  return structuredClone(rest);
};

describe('saveClinicDetails', () => {
  it('saves a new version, audited, and the next email footer shows the new address', async () => {
    const d = memoryDomain();
    const edit = details(d);
    edit.locations[1] = { ...edit.locations[1], address: '2617 East Chapman Ave., Suite 120, Orange, CA 92869' } as (typeof edit.locations)[number];

    const saved = await saveClinicDetails(d.ctx, admin, edit, 0);

    expect(saved.version).toBe(1);
    expect((await clinicProfileVersion(d.ctx)).profile.locations[1]?.address).toBe('2617 East Chapman Ave., Suite 120, Orange, CA 92869');
    expect((await d.ctx.store.listAudit(10, d.ctx.clock.now())).map((a) => [a.action, a.target])).toEqual([['clinic.update', 'clinic:profile']]);
    const s = await d.confirmedSubscriber({}, ['email']);
    await enrollSubscriber(d.ctx, s.subscriberId, 'cervical-dystonia');
    d.setNow((await d.ctx.store.getEnrollment(s.subscriberId, 'cervical-dystonia'))?.dueAt as string);
    await dispatchDue(d.ctx);
    await processSendJob(d.ctx, d.queued.shift() as never);
    expect(d.emails[0]?.html).toContain('Suite 120');
    expect(d.emails[0]?.text).toContain('Suite 120');
  });

  it.each([
    { case: 'an empty name', change: { name: '  ' }, field: 'name', message: /name/ },
    { case: 'a web address that is not one', change: { website: 'socalpaincenter' }, field: 'website', message: /web address/ },
    { case: 'a javascript: URL', change: { website: 'javascript:alert(1)' }, field: 'website', message: /web address/ },
    { case: 'a phone number without enough digits', change: { phone: '555-01' }, field: 'phone', message: /area code/ },
    { case: 'letters for a phone number', change: { phone: 'call us' }, field: 'phone', message: /area code/ },
    { case: 'a bad email', change: { email: 'front desk' }, field: 'email', message: /email/ },
    { case: 'no location left', change: { locations: [] }, field: 'locations', message: /at least one location/ },
    { case: 'a location without a postal address', change: { locations: [{ id: 'orange', name: 'Orange', address: '' }] }, field: 'locations.0.address', message: /postal address/ },
    { case: 'two locations with one id', change: { locations: [{ id: 'a', name: 'A', address: '1 Main St, A, CA' }, { id: 'a', name: 'B', address: '2 Main St, B, CA' }] }, field: 'locations.1.id', message: /Two locations/ },
    { case: 'a field the profile does not have', change: { fax: '123' }, field: 'fax', message: /Unknown field/ },
  ])('refuses $case with a message on $field and changes nothing', async ({ change, field, message }) => {
    const d = memoryDomain();

    await expect(saveClinicDetails(d.ctx, admin, { ...details(d), ...change }, 0)).rejects.toMatchObject({ fields: { [field]: expect.stringMatching(message) } });
    expect(await d.ctx.store.getClinicProfile()).toBeUndefined();
    expect(await d.ctx.store.listAudit(10, d.ctx.clock.now())).toEqual([]);
  });

  it('refuses an edit based on a version someone else already replaced (409), keeping theirs', async () => {
    const d = memoryDomain();
    await saveClinicDetails(d.ctx, admin, { ...details(d), hours: 'Mon–Fri 8–5' }, 0);

    await expect(saveClinicDetails(d.ctx, admin, { ...details(d), hours: 'Mon–Sat 9–1' }, 0)).rejects.toThrow(Conflict);
    expect((await d.ctx.store.getClinicProfile())?.profile.hours).toBe('Mon–Fri 8–5');
  });
});
