/**
 * Console authoring in the deployed shape (issue 14): the console handlers are bundled by the
 * stack's own Functions construct (infra/Functions.ts: local esbuild, the same options as
 * `npm run synth`), copied to a temporary folder where neither templates/ nor node_modules can
 * be reached (as in Lambda), and run in a separate Node process against DynamoDB Local. Saving,
 * previewing and opening a console-written message, and previewing a shipped template, must
 * work there: everything they compile with comes inside the bundle.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployedHandlers, handlerEntryPath } from '../../infra/FunctionCatalog.js';
import { Functions } from '../../infra/Functions.js';
import type { LocalStack } from '../../local/localStack.js';
import { api, staffToken } from '../support/staffConsole.js';
import { itemsOfType, startTestStack } from '../support/testStack.js';

const HANDLERS = ['adminApi', 'adminPages'] as const;
type Handler = (typeof HANDLERS)[number];

let stack: LocalStack;
let runDir: string;
let token: string;
let messageId = '';

/** Bundles the handlers with the stack's Functions construct; returns each bundle's staged folder. */
const bundleWithFunctions = (outdir: string): Record<Handler, string> => {
  const app = new App({ outdir });
  const cdkStack = new Stack(app, 'ConsoleBundle');
  const functions = new Functions(cdkStack, 'Functions', {
    entries: deployedHandlers().filter((e) => (HANDLERS as readonly string[]).includes(e.handler)),
    entryFiles: new Map(HANDLERS.map((h) => [h, resolve(handlerEntryPath(h))])),
    sizing: () => ({ timeout: Duration.seconds(30), memorySize: 1024, asyncInvoked: false }),
    environment: {},
    key: new kms.Key(cdkStack, 'Key'),
    logRetentionDays: 30,
  });
  const staged = (h: Handler) => (functions.get(h).node.findChild('Code').node.findChild('Stage') as unknown as { absoluteStagedPath: string }).absoluteStagedPath;
  return { adminApi: staged('adminApi'), adminPages: staged('adminPages') };
};

/** Runs in the child process: imports one bundle, invokes it with each event in turn, prints the results. */
const RUNNER = `
const [handlerDir] = process.argv.slice(2);
const { handler } = await import('./' + handlerDir + '/index.mjs');
let input = '';
for await (const chunk of process.stdin) input += chunk;
const context = { functionName: 'bundle-test', awsRequestId: 'r', getRemainingTimeInMillis: () => 30000 };
const results = [];
for (const event of JSON.parse(input)) results.push(await handler(event, context));
process.stdout.write(JSON.stringify(results));
`;

interface Call {
  method: 'GET' | 'POST';
  route: string;
  params?: Record<string, string>;
  body?: unknown;
}

const apiEvent = ({ method, route, params = {}, body }: Call) => {
  const path = route.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
  const routeKey = `${method} ${route}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'localhost', authorization: `Bearer ${token}`, 'user-agent': 'bundle-test', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    pathParameters: params,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '10.200.0.1', userAgent: 'bundle-test' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  };
};

/** Invokes a bundle in its own Node process (cwd: the temporary folder); rejects with its stderr if it fails. */
const invokeBundle = (handler: Handler, calls: Call[]): Promise<Array<{ statusCode: number; body: string }>> =>
  new Promise((done, fail) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--enable-source-maps' };
    for (const [k, v] of Object.entries(process.env)) if (k.startsWith('CARECAST_') && k !== 'CARECAST_IAM_RECORD_DIR' && v !== undefined) env[k] = v;
    // No in-process queue here, as in Lambda: a queue URL is configured (saving and previewing send nothing).
    env.CARECAST_SEND_QUEUE_URL = 'http://127.0.0.1:9/000000000000/unused';
    const child = spawn(process.execPath, ['runner.mjs', handler], { cwd: runDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(`bundle ${handler} exited ${code}:\n${err.slice(-4000)}`))));
    child.stdin.end(JSON.stringify(calls.map(apiEvent)));
  });

const copy = (subject: string) => ({
  subject,
  preheader: 'Three short tips for cold days, and how to reach us.',
  body: "# Winter and your neck\n\nHi {{ subscriber.firstName | default: 'there' }},\n\n- Keep your neck warm.",
  ctaLabel: 'Ask for a visit',
  ctaLink: '{{ links.booking }}',
});
const content = { channel: 'email', sources: ['S1'], copy: { en: copy('Winter and your neck'), es: copy('El invierno y su cuello') } };

beforeAll(async () => {
  stack = await startTestStack();
  token = await staffToken(stack, { username: 'writer', groups: ['admin'] });
  const created = await api(stack, token, 'POST', '/api/admin/messages', { name: 'Winter check-in', channel: 'email' });
  expect(created.status).toBe(201);
  messageId = created.body.messageId;

  const cdkOut = mkdtempSync(join(tmpdir(), 'carecast-bundle-cdk-'));
  runDir = mkdtempSync(join(tmpdir(), 'carecast-bundle-run-'));
  try {
    const staged = bundleWithFunctions(cdkOut);
    for (const h of HANDLERS) cpSync(staged[h], join(runDir, h), { recursive: true });
  } finally {
    rmSync(cdkOut, { recursive: true, force: true });
  }
  writeFileSync(join(runDir, 'runner.mjs'), RUNNER);
});
afterAll(async () => {
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  await stack?.stop();
});

describe('console handlers bundled as deployed, run where templates/ does not exist', () => {
  it('has no templates/ or node_modules/ to read from beside or above the bundles', () => {
    for (const dir of [runDir, join(runDir, '..'), join(runDir, 'adminApi')]) {
      expect(existsSync(join(dir, 'templates')), dir).toBe(false);
      expect(existsSync(join(dir, 'node_modules')), dir).toBe(false);
    }
  });

  it('previews, saves and reopens a console-written email, and previews a shipped template', async () => {
    const [preview, saved, shipped] = await invokeBundle('adminApi', [
      { method: 'POST', route: '/api/admin/messages/{id}/preview', params: { id: messageId }, body: content },
      { method: 'POST', route: '/api/admin/messages/{id}/draft', params: { id: messageId }, body: { revision: 1, name: 'Winter check-in', content } },
      { method: 'POST', route: '/api/admin/preview', body: { template: 'welcome', channel: 'email', language: 'es' } },
    ]);

    expect(preview?.statusCode, preview?.body).toBe(200);
    const previews = JSON.parse(preview?.body ?? '{}');
    expect(previews.fields).toEqual({});
    // The layout's footer (from the partials), the source list and the plain-language check all ran.
    expect(previews.previews[0].html).toContain('Winter and your neck');
    expect(previews.previews[0].html).toMatch(/not medical advice/i);
    expect(previews.previews[0].html).toContain('Mayo Clinic');
    expect(Array.isArray(previews.previews[0].unexplained)).toBe(true);

    expect(saved?.statusCode, saved?.body).toBe(200);
    const head = (await itemsOfType(stack, 'messageHead')).find((h) => h.messageId === messageId);
    expect(head?.draft).toBeDefined();

    expect(shipped?.statusCode, shipped?.body).toBe(200);
    expect(JSON.parse(shipped?.body ?? '{}').html).toContain('SoCal Pain Center');
  });

  it('opens the message editor page with its live preview and source list', async () => {
    const [editor] = await invokeBundle('adminPages', [{ method: 'GET', route: '/admin/messages/{id}', params: { id: messageId } }]);

    expect(editor?.statusCode, editor?.body.slice(0, 2000)).toBe(200);
    expect(editor?.body).toContain('Winter and your neck');
    expect(editor?.body).toContain('S1');
  });
});
