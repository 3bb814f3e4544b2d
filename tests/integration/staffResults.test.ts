/**
 * Results counters kept as events arrive, CSV export, preview and test sends (never counted),
 * subscriber look-up with revoke (S7) and delete (P8), and the OpenAPI document.
 */
import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/contract/routes.js';
import { recordStepEvent } from '../../functions/domain/recipientActions/recordStepEvent.js';
import { statsDayOf } from '../../functions/domain/results/statsDay.js';
import { domainContext } from '../../functions/wiring.js';
import type { LocalStack } from '../../local/localStack.js';
import { api, confirmedEmailSubscriber, staffToken } from '../support/staffConsole.js';
import { itemsOfType, sent, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
let admin: string;
let staff: string;
beforeAll(async () => {
  stack = await startTestStack();
  admin = await staffToken(stack, { username: 'boss' });
  staff = await staffToken(stack, { username: 'front-desk', groups: ['staff'] });
});
afterAll(async () => {
  await stack?.stop();
});

const SEQ = 'cervical-dystonia';
const results = async () => (await api(stack, staff, 'GET', `/api/admin/sequences/${SEQ}/results`)).body;
const welcomeRow = (r: any) => r.steps.find((s: { stepId: string }) => s.stepId === 'welcome');

describe('results', () => {
  it('counts enrollments and sends as they happen, and recipient events once each, per step and per day', async () => {
    // Prepare
    const before = await results();
    await confirmedEmailSubscriber(stack);
    await stack.advance('P1D');
    await stack.settle();
    const d = await domainContext();
    const event = { eventId: `ses-${randomUUID()}`, kind: 'delivered' as const, at: d.clock.now().toISOString(), sequenceId: SEQ, stepId: 'welcome', channel: 'email' as const };

    // Act
    await recordStepEvent(d, event);
    await recordStepEvent(d, event); // a replayed notification
    await recordStepEvent(d, { ...event, eventId: `click-${randomUUID()}`, kind: 'clicked' });
    const after = await results();

    // Assess
    expect(after.totals.enrolled - before.totals.enrolled).toBe(1);
    expect(welcomeRow(after).counters.sent - welcomeRow(before).counters.sent).toBe(1);
    // Local SES's own Delivery event for the welcome, plus the one recorded here (its replay counts nothing).
    expect(welcomeRow(after).counters.delivered - welcomeRow(before).counters.delivered).toBe(2);
    expect(welcomeRow(after).counters.clicked - welcomeRow(before).counters.clicked).toBe(1);
    const w = welcomeRow(after).counters;
    expect(welcomeRow(after).rates.deliveryRate).toBeCloseTo(w.delivered / w.sent, 4);
    expect(after.funnel.map((f: { stage: string }) => f.stage)).toEqual(['Enrolled', 'Messages sent', 'Delivered', 'Clicked', 'Booked']);
    expect(after.funnel[0].count).toBe(after.totals.enrolled);
    const today = statsDayOf(d.clock.now(), d.settings.clinic.timezone);
    const dayTotals = after.days.reduce((sum: number, x: { counters: { delivered: number } }) => sum + x.counters.delivered, 0);
    expect(dayTotals).toBe(after.totals.delivered);
    expect(after.days.at(-1).day).toBe(today);
    const stats = (await tableItems(stack)).filter((i) => i.pk === `STATS#${SEQ}` && String(i.sk).startsWith('DAY#'));
    expect(stats.some((s) => s.stepId === 'welcome' && (s.delivered as number) >= 1)).toBe(true);
  });

  it('reads counters from aggregate rows (one per step and clinic day, issue 15), never by scanning events', async () => {
    const r = await results();
    const dayRows = (await tableItems(stack)).filter((i) => i.pk === `STATS#${SEQ}` && String(i.sk).startsWith('DAY#'));
    const sum = (rows: typeof dayRows, field: string) => rows.reduce((n, row) => n + Number(row[field] ?? 0), 0);
    expect(r.totals.sent).toBe(sum(dayRows, 'sent'));
    expect(sum(dayRows.filter((row) => row.stepId === '*'), 'enrolled')).toBe(r.totals.enrolled);
  });

  it('exports the results as CSV, one row per step plus a total, and audits the export (P9)', async () => {
    const r = await results();
    const csv = await api(stack, staff, 'GET', `/api/admin/sequences/${SEQ}/results.csv`);

    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(`${SEQ}-results.csv`);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('sequence,step,channel,template,enrolled,sent,delivered,bounced,complained,clicked,machineclicked,unsubscribed,booked,deliveryRate,bounceRate,complaintRate,clickRate,unsubscribeRate,bookingRate');
    expect(lines).toHaveLength(r.steps.length + 2);
    const welcome = lines.find((l) => l.startsWith(`${SEQ},welcome,`))?.split(',');
    expect(welcome?.slice(5, 7)).toEqual([String(welcomeRow(r).counters.sent), String(welcomeRow(r).counters.delivered)]);
    expect(lines.at(-1)?.split(',').slice(1, 6)).toEqual(['TOTAL', '', '', String(r.totals.enrolled), String(r.totals.sent)]);
    expect((await itemsOfType(stack, 'audit')).some((a) => a.action === 'results.export' && (a.actor as { name: string }).name === 'front-desk')).toBe(true);
  });
});

describe('preview and test sends', () => {
  it('renders a template in either language, with a chosen subscriber\'s first name', async () => {
    const en = await api(stack, staff, 'POST', '/api/admin/preview', { template: 'welcome', channel: 'email', language: 'en' });
    const es = await api(stack, staff, 'POST', '/api/admin/preview', { template: 'welcome', channel: 'email', language: 'es' });
    await confirmedEmailSubscriber(stack, { firstName: 'Zoë' });
    const zoe = (await itemsOfType(stack, 'subscriber')).find((s) => s.firstName === 'Zoë');
    const personal = await api(stack, staff, 'POST', '/api/admin/preview', { template: 'welcome', channel: 'email', language: 'en', subscriberId: zoe?.subscriberId });
    const sms = await api(stack, staff, 'POST', '/api/admin/preview', { template: 'welcome', channel: 'sms', language: 'es' });
    const previewAudits = (await itemsOfType(stack, 'audit')).filter((a) => a.action === 'template.preview-with-subscriber');

    // Previewing with a real subscriber's data is an access to personal data: one audit row, ids only (issue 12).
    expect(previewAudits).toHaveLength(1);
    expect(previewAudits[0]).toMatchObject({ target: `subscriber:${zoe?.subscriberId}`, after: { template: 'welcome', channel: 'email', language: 'en' } });
    expect(JSON.stringify(previewAudits[0])).not.toContain('Zoë');

    expect(en.status).toBe(200);
    expect(en.body.subject).not.toBe(es.body.subject);
    expect(es.body.html).toContain('lang="es"');
    expect(personal.body.text).toContain('Zoë');
    expect(sms.body).toMatchObject({ channel: 'sms' });
    expect(sms.body.text.length).toBeGreaterThan(20);
    const bad = await api(stack, staff, 'POST', '/api/admin/preview', { template: 'no-such-template', channel: 'email', language: 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('template');
  });

  it('sends a test to the staff member\'s own address only when the token says it is verified (email_verified)', async () => {
    const body = { template: 'welcome', channel: 'email', language: 'en', to: 'nurse@carecast.local' };
    const unverified = await api(stack, await staffToken(stack, { email: 'nurse@carecast.local', emailVerified: false }), 'POST', '/api/admin/test-sends', body);
    const verified = await api(stack, await staffToken(stack, { email: 'nurse@carecast.local', emailVerified: true }), 'POST', '/api/admin/test-sends', body);

    expect(unverified.status).toBe(400);
    expect(verified.status).toBe(202);
    expect(sent(stack, { channel: 'email', to: 'nurse@carecast.local' })).toHaveLength(1);
  });

  it('sends a test marked as a test to an allow-listed staff address, outside results and history', async () => {
    const before = await results();
    const messagesBefore = (await itemsOfType(stack, 'message')).length;

    const mail = await api(stack, staff, 'POST', '/api/admin/test-sends', { template: 'treatment', channel: 'email', language: 'es', to: 'staff@carecast.local' });
    const text = await api(stack, staff, 'POST', '/api/admin/test-sends', { template: 'welcome', channel: 'sms', language: 'en', to: '+1 (714) 555-0100' });
    const refused = await api(stack, staff, 'POST', '/api/admin/test-sends', { template: 'treatment', channel: 'email', language: 'en', to: 'patient@example.com' });

    expect(mail.status).toBe(202);
    const got = sent(stack, { channel: 'email', to: 'staff@carecast.local' }).at(-1);
    expect(got?.subject).toMatch(/^\[TEST\] /);
    expect(got?.text).toMatch(/^MENSAJE DE PRUEBA/);
    expect(got?.html).toContain('MENSAJE DE PRUEBA');
    expect(got?.tags).toMatchObject({ sequence: 'test' });
    expect(text.status).toBe(202);
    expect(sent(stack, { channel: 'sms', to: '+17145550100' }).at(-1)?.body).toMatch(/^\[TEST\] /);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toHaveProperty('to');
    expect(sent(stack, { to: 'patient@example.com' })).toHaveLength(0);
    expect((await results()).totals).toEqual(before.totals);
    expect((await itemsOfType(stack, 'message')).length).toBe(messagesBefore);
  });
});

describe('subscriber look-up', () => {
  it('shows status per channel, consent ledger, history and enrollments, and audits the look-up by id only', async () => {
    const s = await confirmedEmailSubscriber(stack, { firstName: 'Lookup' });
    await stack.advance('P1D');

    const r = await api(stack, staff, 'POST', '/api/admin/subscribers/lookup', { email: ` ${s.email.replace('@example.com', '@EXAMPLE.com')} ` });

    expect(r.status).toBe(200);
    expect(r.body.channels).toEqual([
      { channel: 'email', status: 'confirmed', suppressed: false },
      { channel: 'sms', status: 'none', suppressed: false },
    ]);
    expect(r.body.consent.map((c: { action: string }) => c.action)).toEqual(['granted', 'confirmed']);
    expect(r.body.messages.some((m: { template: string }) => m.template === 'welcome')).toBe(true);
    expect(r.body.enrollments[0]).toMatchObject({ sequenceId: SEQ, status: 'active' });
    const audit = (await itemsOfType(stack, 'audit')).find((a) => a.action === 'subscriber.lookup' && a.target === `subscriber:${r.body.subscriberId}`);
    expect(audit).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain(s.email.split('@')[0]);
    expect((await api(stack, staff, 'POST', '/api/admin/subscribers/lookup', { email: 'nobody@example.com' })).status).toBe(404);
    expect((await api(stack, staff, 'POST', '/api/admin/subscribers/lookup', { email: 'not an address' })).status).toBe(400);
    expect((await api(stack, staff, 'POST', '/api/admin/subscribers/lookup', {})).status).toBe(400);
  });

  it('records a revocation staff took by phone and stops the channel at once (S7)', async () => {
    const s = await confirmedEmailSubscriber(stack);
    const id = (await api(stack, staff, 'POST', '/api/admin/subscribers/lookup', { email: s.email })).body.subscriberId;

    const r = await api(stack, staff, 'POST', `/api/admin/subscribers/${id}/revoke`, { channels: ['email'] });
    const mailsBefore = sent(stack, { to: s.email }).length;
    await stack.advance('P3D');

    expect(r.body.revoked).toEqual(['email']);
    const view = (await api(stack, staff, 'POST', '/api/admin/subscribers/lookup', { email: s.email })).body;
    expect(view.channels[0].status).toBe('unsubscribed');
    expect(view.consent.at(-1)).toMatchObject({ action: 'revoked', source: expect.stringMatching(/^staff:/) });
    expect(sent(stack, { to: s.email })).toHaveLength(mailsBefore);
  });

  it('deletes a person\'s data for admins only (P8), keeping the address suppressed', async () => {
    const s = await confirmedEmailSubscriber(stack);
    const id = (await api(stack, staff, 'POST', '/api/admin/subscribers/lookup', { email: s.email })).body.subscriberId;

    const denied = await api(stack, staff, 'POST', `/api/admin/subscribers/${id}/delete`, { confirm: true });
    const unconfirmed = await api(stack, admin, 'POST', `/api/admin/subscribers/${id}/delete`, {});
    const done = await api(stack, admin, 'POST', `/api/admin/subscribers/${id}/delete`, { confirm: true });

    expect(denied.status).toBe(403);
    expect(unconfirmed.status).toBe(400);
    expect(done.body.outcome).toBe('deleted');
    const profile = (await itemsOfType(stack, 'subscriber')).find((x) => x.subscriberId === id);
    expect(profile?.email).toBeUndefined();
    const d = await domainContext();
    expect(await d.store.isSuppressed(d.hasher.hash('email', s.email))).toBe(true);
    expect((await itemsOfType(stack, 'audit')).some((a) => a.action === 'subscriber.delete' && a.target === `subscriber:${id}`)).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document covering every public and staff route', async () => {
    const r = await api(stack, undefined, 'GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body;

    const validation = await new Validator().validate(doc);
    expect(validation).toEqual({ valid: true });
    expect(doc.openapi).toBe('3.1.0');
    for (const route of routes.filter((x) => !x.localOnly)) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      if (route.auth !== 'public') expect(op.security).toEqual([{ staffJwt: [] }, { staffSession: [] }]);
    }
    const edit = doc.paths['/api/admin/sequences/{id}/versions'].post;
    expect(edit.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SequenceEdit' });
    expect(doc.components.schemas.SequenceEdit.properties.definition).toEqual({ $ref: '#/components/schemas/Sequence' });
    expect(doc.components.schemas.Sequence.properties.steps.type).toBe('array');
    expect(doc.paths['/api/subscribe'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Signup' });
  });
});
