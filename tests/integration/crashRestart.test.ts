/**
 * Issue 16: local mode killed with SIGKILL in the middle of the series (`npm start` as a child
 * process, mid-`advance`) and started again on its kept data continues: no step doubled, none
 * lost. What was in flight when it died is recovered by the claim rules (a claim that never reached
 * the provider is taken over; an email that may have is reconciled by its SES event or resent after
 * the wait). The evidence is what the local SES endpoint received (outbox.jsonl, kept with the data).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../local/Outbox.js';
import { freePort } from '../../local/freePort.js';
import { deliveredSteps, seriesSteps } from '../../scripts/chaos/deliveredSteps.js';
import { pressConfirm } from '../support/testStack.js';

const SEQ = 'cervical-dystonia';
const dataDir = mkdtempSync(join(tmpdir(), 'carecast-restart-'));
let child: ChildProcess | undefined;

/** `npm start` on the kept data, in a process group of its own (DynamoDB Local dies with it). */
const startLocal = async (): Promise<string> => {
  const port = await freePort();
  child = spawn(join('node_modules', '.bin', 'tsx'), ['local/server.ts'], {
    env: { ...process.env, PORT: String(port), CARECAST_DATA_DIR: dataDir, CARECAST_LOG_LEVEL: 'ERROR' },
    detached: true,
    stdio: 'ignore',
  });
  const base = `http://localhost:${port}`;
  for (;;) {
    const r = await fetch(`${base}/api/dev/clock`).catch(() => undefined);
    if (r?.status === 200) return base;
    if (child.exitCode !== null) throw new Error(`local mode exited with ${child.exitCode}`);
    await new Promise((res) => setTimeout(res, 250));
  }
};
/** The machine dies: SIGKILL to the whole process group, nothing flushed or closed. */
const killLocal = async () => {
  const c = child;
  if (!c?.pid || c.exitCode !== null) return;
  const exited = new Promise((res) => c.once('exit', res));
  process.kill(-c.pid, 'SIGKILL');
  await exited;
};
const outbox = async (base: string): Promise<OutboxEntry[]> => (await (await fetch(`${base}/api/dev/outbox`)).json()) as OutboxEntry[];
const advance = (base: string, iso: string) => fetch(`${base}/api/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: iso }) });

afterAll(async () => {
  await killLocal();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('killed with SIGKILL mid-advance and restarted on its kept data', () => {
  it('continues the series: no step doubled, none lost', { timeout: 600_000 }, async () => {
    let base = await startLocal();
    const emails = Array.from({ length: 4 }, (_, i) => `restart.${i}@example.com`);
    for (const email of emails) {
      const page = await (await fetch(`${base}/`)).text();
      const formToken = /name="formToken" value="([^"]*)"/.exec(page)?.[1] ?? '';
      await advance(base, 'PT1M'); // a person takes a moment to fill the form (time trap)
      const r = await fetch(`${base}/api/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ firstName: 'Ana', email, language: 'en', timezone: 'America/Los_Angeles', consentEmail: true, formToken }),
      });
      expect(r.status).toBe(202);
    }
    for (const email of emails) {
      const mail = (await outbox(base)).filter((m) => m.to === email && m.text?.includes('/api/confirm?')).at(-1);
      const link = mail?.text?.match(/https?:\/\/[^\s\])>]+\/api\/confirm\?[^\s\])>]+/)?.[0];
      expect(link).toBeDefined();
      expect((await pressConfirm(link as string)).status).toBeLessThan(400);
    }
    // The series runs (60 simulated days); killed as soon as a few drip emails went out.
    void advance(base, 'P60D').catch(() => undefined);
    for (;;) {
      const n = deliveredSteps(await outbox(base), SEQ).length;
      if (n >= 2) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const atKill = deliveredSteps(await outbox(base), SEQ).length;
    await killLocal();

    base = await startLocal();
    await advance(base, 'P90D');
    const received = deliveredSteps(await outbox(base), SEQ);
    // Killed mid-series: most of it was still to come.
    expect(atKill).toBeLessThan(received.length);
    const emailSteps = seriesSteps(SEQ).filter((s) => s.channel === 'email');
    for (const email of emails) {
      const mine = received.filter((m) => m.to === email);
      // Nothing lost: every email step of the series arrived; nothing doubled: each exactly once.
      expect(mine.map((m) => m.stepId).sort(), email).toEqual(emailSteps.map((s) => s.id).sort());
    }
  });
});
