/**
 * HEAD on a tracked link (issue 14, docs/click-classification.md): mail scanners and link checkers
 * send HEAD, so the route answers it (routes.ts, the one list CDK and local mode mount) with the
 * same redirect as GET, counts it as a machine click only, and changes nothing else; a person's
 * GET afterwards still counts as the person's. Through local mode's HTTP endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { clickLinkIn, confirmedSubscriber } from '../support/recipientActions.js';
import { api, staffToken } from '../support/staffConsole.js';
import { PERSON_USER_AGENT, sent, startTestStack, tableItems } from '../support/testStack.js';

let stack: LocalStack;
let admin: string;
beforeAll(async () => {
  stack = await startTestStack();
  admin = await staffToken(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const SEQ = 'cervical-dystonia';
const welcomeCounters = async () => {
  const r = await api(stack, admin, 'GET', `/api/admin/sequences/${SEQ}/results`);
  return r.body.steps.find((s: { stepId: string }) => s.stepId === 'welcome').counters as { clicked: number; machineclicked: number };
};
/** Every row but the click's own event and counters, to compare before and after. */
const otherRows = async () =>
  JSON.stringify(
    (await tableItems(stack))
      .filter((i) => i.type !== 'event' && !String(i.pk).startsWith('STATS#'))
      .map((i) => JSON.stringify(i, Object.keys(i).sort()))
      .sort(),
  );
const withoutBookingToken = (location: string | null) => {
  const url = new URL(location ?? '');
  url.searchParams.delete('t');
  return url.toString();
};

describe('HEAD /c/{token}', () => {
  it('redirects like GET, counts only a machine click and changes nothing else, even with a browser User-Agent', async () => {
    // Prepare: a welcome email read a while after it was sent (a GET then would be a person's)
    const s = await confirmedSubscriber(stack);
    await stack.advance('PT12H');
    const mail = sent(stack, { to: s.email }).find((e) => e.tags?.step === 'welcome');
    const link = clickLinkIn(mail?.text);
    await stack.advance('PT5M');
    const before = await welcomeCounters();
    const rowsBefore = await otherRows();

    // Act
    const head = await fetch(link, { method: 'HEAD', redirect: 'manual', headers: { 'user-agent': PERSON_USER_AGENT } });
    const afterHead = await welcomeCounters();
    const rowsAfterHead = await otherRows();
    const get = await fetch(link, { redirect: 'manual', headers: { 'user-agent': PERSON_USER_AGENT } });
    const afterGet = await welcomeCounters();

    // Assess
    expect(head.status).toBe(302);
    expect(await head.text()).toBe('');
    expect(get.status).toBe(302);
    expect(withoutBookingToken(head.headers.get('location'))).toBe(withoutBookingToken(get.headers.get('location')));
    expect(afterHead.machineclicked - before.machineclicked).toBe(1);
    expect(afterHead.clicked).toBe(before.clicked);
    expect(rowsAfterHead).toBe(rowsBefore);
    expect(afterGet.clicked - afterHead.clicked).toBe(1);
    expect(afterGet.machineclicked).toBe(afterHead.machineclicked);
  });

  it('answers a bad token with 400 and no redirect, as GET does', async () => {
    const head = await fetch(`${stack.baseUrl}/c/AAAAAAAAAAA`, { method: 'HEAD', redirect: 'manual' });
    const get = await fetch(`${stack.baseUrl}/c/AAAAAAAAAAA`, { redirect: 'manual' });
    expect(head.status).toBe(400);
    expect(get.status).toBe(400);
    expect(head.headers.get('location')).toBeNull();
  });
});
