/**
 * After the load run: is the data still consistent? Read from the table with a client of its own
 * (issue 8): every accepted signup stored, each address once (even the ones posted concurrently
 * many times), one lookup row per address, one enrollment per confirmed subscriber, one consent
 * revocation per one-click unsubscribe however often it was posted, one click event per redirect.
 */
import { keys } from '../../functions/contract/table.js';
import type { AddressHasher } from '../../functions/domain/core/AddressHasher.js';
import type { Row } from '../chaos/tableScan.js';

export interface ConsistencyInput {
  rows: Row[];
  hasher: AddressHasher;
  /** Addresses whose signup was answered 202. */
  accepted: Set<string>;
  /** Subscribers one-click unsubscribed from email (each posted several times). */
  unsubscribed: Set<string>;
  /** Redirects (302) the click phase got. */
  clickRedirects: number;
}

export interface ConsistencyCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export const checkConsistency = (input: ConsistencyInput): ConsistencyCheck[] => {
  const { rows, hasher } = input;
  const subscribers = rows.filter((r) => r.type === 'subscriber');
  const byEmail = new Map<string, Row[]>();
  for (const s of subscribers) if (typeof s.email === 'string') byEmail.set(s.email, [...(byEmail.get(s.email) ?? []), s]);
  const twice = [...byEmail.values()].filter((list) => list.length > 1).length;
  const missing = [...input.accepted].filter((e) => !byEmail.has(e)).length;
  const contacts = new Map(rows.filter((r) => r.type === 'contact').map((r) => [r.pk as string, r]));
  const badLookups = [...byEmail.entries()].filter(([email, [s]]) => contacts.get(keys.emailContact(hasher.hash('email', email)).pk)?.subscriberId !== s?.subscriberId).length;
  const enrollments = new Map<string, number>();
  for (const e of rows.filter((r) => r.type === 'enrollment')) enrollments.set(e.subscriberId as string, (enrollments.get(e.subscriberId as string) ?? 0) + 1);
  const confirmed = subscribers.filter((s) => s.emailStatus === 'confirmed' || s.emailStatus === 'unsubscribed');
  const wrongEnrollments = confirmed.filter((s) => enrollments.get(s.subscriberId as string) !== 1).length;
  const revoked = new Map<string, number>();
  for (const c of rows.filter((r) => r.type === 'consent' && r.action === 'revoked' && r.channel === 'email')) {
    revoked.set(c.subscriberId as string, (revoked.get(c.subscriberId as string) ?? 0) + 1);
  }
  const statusOf = new Map(subscribers.map((s) => [s.subscriberId as string, s.emailStatus]));
  const noRevocation = [...input.unsubscribed].filter((id) => (revoked.get(id) ?? 0) === 0).length;
  const severalRevocations = [...input.unsubscribed].filter((id) => (revoked.get(id) ?? 0) > 1).length;
  const stillSubscribed = [...input.unsubscribed].filter((id) => statusOf.get(id) !== 'unsubscribed').length;
  const wrongRevocations = noRevocation + severalRevocations + stillSubscribed;
  const clicks = rows.filter((r) => r.type === 'event' && r.kind === 'clicked').length;
  return [
    { name: 'every accepted signup stored', ok: missing === 0, detail: `${input.accepted.size} addresses accepted, ${missing} missing` },
    { name: 'each address stored once', ok: twice === 0, detail: `${byEmail.size} addresses, ${twice} stored more than once` },
    { name: 'one lookup row per address, pointing at its subscriber', ok: badLookups === 0, detail: `${badLookups} wrong` },
    { name: 'one enrollment per confirmed subscriber', ok: wrongEnrollments === 0, detail: `${confirmed.length} confirmed, ${wrongEnrollments} with ≠ 1 enrollment` },
    {
      name: 'one revocation per unsubscribed subscriber, however often the one-click came',
      ok: wrongRevocations === 0,
      detail: `${input.unsubscribed.size} unsubscribed: ${noRevocation} without a revocation, ${severalRevocations} with several, ${stillSubscribed} not unsubscribed`,
    },
    // Requests still in flight when a stage ends are answered after autocannon stopped counting.
    { name: 'a click event for every redirect', ok: clicks >= input.clickRedirects, detail: `${input.clickRedirects} redirects counted, ${clicks} click events` },
  ];
};
