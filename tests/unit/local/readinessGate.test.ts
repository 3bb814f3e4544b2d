import { afterEach, describe, expect, it } from 'vitest';
import { type GatedServer, listenGated } from '../../../local/readinessGate.js';

describe('local mode start-up window', () => {
  let gated: GatedServer | undefined;
  afterEach(async () => {
    gated?.server.closeAllConnections();
    await new Promise((r) => gated?.server.close(r));
  });

  it('answers a request sent before the routes are mounted with 503 + Retry-After, then serves', async () => {
    gated = await listenGated(0);
    const base = `http://127.0.0.1:${gated.port}`;
    const early = await fetch(`${base}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@b.co"}' });
    expect(early.status).toBe(503);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await early.json()).error.code).toBe('starting');

    const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('starting');

    gated.ready((_req, res) => res.writeHead(200).end('ready'));
    const later = await fetch(`${base}/`);
    expect(later.status).toBe(200);
    expect(await later.text()).toBe('ready');
  });
});
