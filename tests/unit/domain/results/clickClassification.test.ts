/**
 * Results count people, not mail scanners (issue 14): link fetches as real gateways and people
 * make them, through followLink on in-memory ports. Every fetch still redirects; only the count
 * differs: `clicked` (people) or `machineclicked` (counted apart).
 */
import { describe, expect, it } from 'vitest';
import { stepRefOf } from '../../../../functions/domain/core/LinkTokens.js';
import { followLink } from '../../../../functions/domain/recipientActions/followLink.js';
import { machineReasons } from '../../../../functions/domain/results/classifyClick.js';
import { dispatchDue } from '../../../../functions/domain/scheduling/dispatchDue.js';
import { enrollSubscriber } from '../../../../functions/domain/scheduling/enrollSubscriber.js';
import { processSendJob } from '../../../../functions/domain/sending/processSendJob.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const SEQ = 'cervical-dystonia';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

/** A subscriber sent the welcome email at `sentAt`, and click tokens for its two links (booking page, clinic website). */
const welcomed = async () => {
  const d = memoryDomain('2026-03-03T17:00:00.000Z');
  const s = await d.confirmedSubscriber({}, ['email']);
  await enrollSubscriber(d.ctx, s.subscriberId, SEQ);
  await dispatchDue(d.ctx);
  await processSendJob(d.ctx, d.queued.shift() as never);
  const now = d.ctx.clock.now();
  const link = (target: 'book' | 'website') => d.ctx.tokens.signClick({ subscriberId: s.subscriberId, stepRef: stepRefOf(SEQ, 'welcome'), channel: 'email', target }, now);
  const counters = async () => (await d.ctx.store.listStepCounters(SEQ)).welcome ?? {};
  return { d, s, link, counters };
};

describe('machineReasons', () => {
  const base = { method: 'GET', userAgent: CHROME, at: new Date('2026-03-03T18:00:00Z'), target: 'book', sentAt: new Date('2026-03-03T17:00:00Z') };

  it.each([
    { case: 'a HEAD request', facts: { method: 'HEAD' }, reason: 'head' },
    { case: 'Microsoft Office link preview (Safe Links era)', facts: { userAgent: 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)' }, reason: 'user-agent' },
    { case: 'Microsoft URL analyzer', facts: { userAgent: 'Microsoft-URLAnalyzer/1.0' }, reason: 'user-agent' },
    { case: 'Proofpoint URL Defense', facts: { userAgent: 'Mozilla/5.0 (compatible; Proofpoint URL Defense)' }, reason: 'user-agent' },
    { case: 'Mimecast URL Protect', facts: { userAgent: 'Mimecast URL Protect/1.0' }, reason: 'user-agent' },
    { case: 'Barracuda Sentinel', facts: { userAgent: 'Barracuda Sentinel (EE)' }, reason: 'user-agent' },
    { case: 'a headless browser sandbox', facts: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36' }, reason: 'user-agent' },
    { case: 'an HTTP library', facts: { userAgent: 'python-requests/2.32.3' }, reason: 'user-agent' },
    { case: 'no user agent at all', facts: { userAgent: '' }, reason: 'user-agent' },
    { case: 'a fetch five seconds after sending', facts: { at: new Date('2026-03-03T17:00:05Z') }, reason: 'fresh' },
    { case: 'a fetch before the send was recorded', facts: { at: new Date('2026-03-03T16:59:59Z') }, reason: 'fresh' },
    { case: 'a second link 300 ms after the first', facts: { previous: { at: new Date('2026-03-03T17:59:59.700Z'), target: 'website' } }, reason: 'burst' },
  ])('calls $case a machine ($reason)', ({ facts, reason }) => {
    expect(machineReasons({ ...base, ...facts })).toContain(reason);
  });

  it.each([
    { case: 'Chrome on Windows an hour after sending', facts: {} },
    { case: 'Safari on an iPhone the next day', facts: { userAgent: IPHONE, at: new Date('2026-03-04T08:12:00Z') } },
    { case: 'a double click on the same link', facts: { previous: { at: new Date('2026-03-03T17:59:59.800Z'), target: 'book' } } },
    { case: 'a second link a minute later', facts: { previous: { at: new Date('2026-03-03T17:59:00Z'), target: 'website' } } },
  ])('calls $case a person', ({ facts }) => {
    expect(machineReasons({ ...base, ...facts })).toEqual([]);
  });
});

describe('followLink counts people, not scanners', () => {
  it('counts a person\'s click, and redirects every fetch the same way', async () => {
    const { d, link, counters } = await welcomed();
    d.advance(3 * 60_000);

    const person = await followLink(d.ctx, link('book'), { method: 'GET', userAgent: IPHONE });
    const scanner = await followLink(d.ctx, link('book'), { method: 'GET', userAgent: 'Barracuda Sentinel (EE)' });

    expect(person.clickedBy).toBe('person');
    expect(scanner.clickedBy).toEqual(['user-agent']);
    expect(new URL(scanner.location).pathname).toBe(new URL(person.location).pathname);
    expect(await counters()).toMatchObject({ clicked: 1, machineclicked: 1 });
  });

  it('counts Safe Links fetching within seconds of delivery as machine clicks, whatever agent it shows', async () => {
    const { d, link, counters } = await welcomed();
    d.advance(4_000);

    const r = await followLink(d.ctx, link('book'), { method: 'GET', userAgent: CHROME });

    expect(r.clickedBy).toEqual(['fresh']);
    expect(await counters()).toMatchObject({ machineclicked: 1 });
    expect((await counters()).clicked ?? 0).toBe(0);
  });

  it('re-counts a burst of every link in one second as machine clicks, the first one included', async () => {
    const { d, link, counters } = await welcomed();
    d.advance(2 * 3600_000); // long after delivery, with a browser agent: only the burst gives it away

    const first = await followLink(d.ctx, link('book'), { method: 'GET', userAgent: CHROME });
    d.advance(180);
    const second = await followLink(d.ctx, link('website'), { method: 'GET', userAgent: CHROME });

    expect(first.clickedBy).toBe('person');
    expect(second.clickedBy).toEqual(['burst']);
    expect(await counters()).toMatchObject({ clicked: 0, machineclicked: 2 });
    expect(d.memory.results.stepEvents(SEQ, 'welcome').filter((e) => e.kind.endsWith('clicked')).map((e) => e.kind)).toEqual(['machineclicked', 'machineclicked']);
  });

  it('counts a HEAD request apart, and a person clicking later still counts once', async () => {
    const { d, link, counters } = await welcomed();
    d.advance(60_000);
    await followLink(d.ctx, link('book'), { method: 'HEAD', userAgent: CHROME });
    d.advance(20 * 60_000);

    await followLink(d.ctx, link('book'), { method: 'GET', userAgent: CHROME });

    expect(await counters()).toMatchObject({ clicked: 1, machineclicked: 1 });
  });
});
