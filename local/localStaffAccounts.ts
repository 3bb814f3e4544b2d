/**
 * Local mode's stand-in for the Cognito user pool: an `admin` staff user, and a second admin
 * `reviewer` (console messages need an admin other than their author to approve them, issue
 * 14), created on first start with random passwords (printed once by local/server.ts), stored only as an scrypt
 * hash under .data/ (mode 0600) with the HS256 key local staff tokens are signed with. A
 * throwaway (`--memory`) stack makes a fresh user each start.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface StoredAccount {
  username: string;
  groups: string[];
  salt: string;
  hash: string;
}

interface StoredStaff {
  signingKey: string;
  accounts: StoredAccount[];
}

export interface LocalStaff {
  /** base64url HS256 key (CARECAST_STAFF_LOCAL_KEY). */
  signingKey: string;
  /** Set only when the user was created by this start: print it once. */
  created?: { username: string; password: string };
  /** The second admin, set only when this start created it: print it once. */
  reviewer?: { username: string; password: string };
  /** The account whose password matches, or undefined (same work either way). */
  verify(username: string, password: string): { username: string; groups: string[] } | undefined;
}

const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const hashOf = (password: string, salt: string) => scryptSync(password, Buffer.from(salt, 'base64url'), 64, SCRYPT);

const account = (username: string, password: string, groups: string[]): StoredAccount => {
  const salt = randomBytes(16).toString('base64url');
  return { username, groups, salt, hash: hashOf(password, salt).toString('base64url') };
};

export const prepareLocalStaff = (dataDir: string | undefined): LocalStaff => {
  const file = dataDir ? join(dataDir, 'staff.json') : undefined;
  let stored: StoredStaff;
  let created: LocalStaff['created'];
  if (file && existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as StoredStaff;
  else {
    const password = randomBytes(18).toString('base64url');
    created = { username: 'admin', password };
    stored = { signingKey: randomBytes(32).toString('base64url'), accounts: [account('admin', password, ['admin'])] };
  }
  let reviewer: LocalStaff['reviewer'];
  if (!stored.accounts.some((a) => a.username === 'reviewer')) {
    reviewer = { username: 'reviewer', password: randomBytes(18).toString('base64url') };
    stored.accounts.push(account(reviewer.username, reviewer.password, ['admin']));
  }
  if (file && (created || reviewer)) writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  const dummy = account('-', randomBytes(8).toString('hex'), []);
  return {
    signingKey: stored.signingKey,
    ...(created ? { created } : {}),
    ...(reviewer ? { reviewer } : {}),
    verify: (username, password) => {
      const a = stored.accounts.find((x) => x.username === username);
      const target = a ?? dummy;
      const ok = timingSafeEqual(hashOf(password, target.salt), Buffer.from(target.hash, 'base64url'));
      return a && ok ? { username: a.username, groups: a.groups } : undefined;
    },
  };
};
