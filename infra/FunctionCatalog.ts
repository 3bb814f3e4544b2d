/**
 * Which Lambda functions the stack deploys, and what each one may do.
 *
 * The list comes from functions/contract/routes.ts (every handler of a deployed route, plus the
 * workers) and the SES feedback handler; nobody lists handler names twice. What each handler
 * needs (table access, signing key, SES, SMS, the send queue) is declared here once, so
 * least privilege is reviewable in one table. A handler added to routes.ts without an entry
 * here fails synthesis with a message pointing at this file. An entry may precede its route
 * (the handler module exists, the route is not in routes.ts yet); it deploys nothing until then.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { deployedRoutes, type Route, workers } from '../functions/contract/routes.js';
import { handlerModule } from '../functions/contract/handlerModules.js';
import type { TableAccess } from './Data.js';

/** The SES/SNS feedback consumer; not an HTTP route or a routes.ts worker (O3, R9). */
export const FEEDBACK_HANDLER = 'sesFeedback';

/** The SNS SMS delivery-status consumer (CloudWatch Logs subscription filter, issue 16). */
export const SMS_DELIVERY_STATUS_HANDLER = 'smsDeliveryStatus';

/** Where handler modules live, relative to the project root. */
export const HANDLERS_DIR = 'functions/handlers';

export type FunctionKind = 'http' | 'worker';

export interface FunctionNeeds {
  table: TableAccess;
  /** Reads the link-signing / address-hashing secret at cold start (W9). */
  signingKey: boolean;
  /** SES SendRawEmail/SendEmail on the sender identity and configuration set. */
  sendEmail: boolean;
  /** SNS Publish to phone numbers and CheckIfPhoneNumberIsOptedOut (S6). */
  sendSms: boolean;
  /** SNS OptInPhoneNumber, for START/UNSTOP after an opt-out (S4, S13). */
  smsOptIn: boolean;
  /** sqs:SendMessage on the send queue. */
  enqueueSends: boolean;
  /**
   * Gets the staff user pool's settings (issuer, app client, managed-login domain) to verify
   * staff tokens and run the browser sign-in; no IAM permission is involved.
   */
  staffAuth: boolean;
}

const none: FunctionNeeds = { table: 'none', signingKey: false, sendEmail: false, sendSms: false, smsOptIn: false, enqueueSends: false, staffAuth: false };

/**
 * Needs of every handler module the stack deploys, read from what each handler does.
 * Every handler that calls `deps()` (functions/wiring.ts) loads the signing/hash secret at cold
 * start. Only the send worker talks to SES and SNS; the others queue messages for it.
 */
export const functionNeeds: Readonly<Record<string, FunctionNeeds>> = {
  // The signup page signs its form time-trap token at render, so it loads the signing secret (deps()),
  // and reads the clinic profile an admin may have edited (issue 14).
  signupPage: { ...none, table: 'read', signingKey: true },
  // Legal pages name the clinic: they read its profile in force (issue 14) through deps().
  legalPage: { ...none, table: 'read', signingKey: true },
  // Subscribe records consent and queues the confirmation email / "reply YES" text (S1, S2).
  subscribe: { ...none, table: 'readWrite', signingKey: true, enqueueSends: true },
  confirmEmail: { ...none, table: 'readWrite', signingKey: true },
  dispatch: { ...none, table: 'readWrite', signingKey: true, enqueueSends: true },
  sendWorker: { ...none, table: 'readWrite', signingKey: true, sendEmail: true, sendSms: true },
  // Inbound keywords update consent and queue the STOP/HELP/START replies (S4, S5).
  smsInbound: { ...none, table: 'readWrite', signingKey: true, enqueueSends: true, sendSms: true, smsOptIn: true },
  // Bounces and complaints become suppressions keyed by the address hash (O3).
  [FEEDBACK_HANDLER]: { ...none, table: 'readWrite', signingKey: true },
  // SNS's SMS delivery-status records, kept by the number's keyed hash to settle UNKNOWN texts (issue 16).
  [SMS_DELIVERY_STATUS_HANDLER]: { ...none, table: 'readWrite', signingKey: true },
  // Unsubscribe queues the one confirmation (S5); "delete my data" removes rows (P8).
  preferences: { ...none, table: 'readWrite', signingKey: true, enqueueSends: true },
  // Records the click against the step, then redirects to an allow-listed target (W10).
  click: { ...none, table: 'readWrite', signingKey: true },
  // Prefills the form for a signed "book" link; reads only.
  bookingPage: { ...none, table: 'read', signingKey: true },
  // Stores the request and queues the booking-inbox notification and the patient's reply.
  book: { ...none, table: 'readWrite', signingKey: true, enqueueSends: true },
  // Staff console (issue 6): versions, broadcasts, results, look-ups and the audit log; test
  // sends go straight to SES/SNS (marked [TEST], to allow-listed staff addresses only); a staff
  // revocation queues the SMS stop confirmation (S5, S7).
  adminPages: { ...none, table: 'readWrite', signingKey: true, sendEmail: true, sendSms: true, enqueueSends: true, staffAuth: true },
  adminApi: { ...none, table: 'readWrite', signingKey: true, sendEmail: true, sendSms: true, enqueueSends: true, staffAuth: true },
  // Browser sign-in (Cognito managed login, code + PKCE): talks to the Cognito domain only.
  adminSignIn: { ...none, staffAuth: true },
  // Static console scripts (Chart.js, shipped as a file beside the bundle) and the OpenAPI document: no data access.
  adminAssets: none,
  openApi: none,
};

/**
 * Files a handler reads at run time from beside its bundle, copied there from an npm package
 * after esbuild runs (the bundle has no node_modules). Chart.js's UMD build is served as a
 * file, not imported, so it is shipped as one.
 */
export const bundledFiles: Readonly<Record<string, ReadonlyArray<{ module: string; file: string }>>> = {
  adminAssets: [{ module: 'chart.js', file: 'chart.umd.min.js' }],
};

export interface CatalogEntry {
  handler: string;
  kind: FunctionKind;
  needs: FunctionNeeds;
  /** Route keys served, e.g. `GET /u/{token}`; empty for workers. */
  routeKeys: string[];
}

/** Every handler the stack deploys: deployed routes first, then workers, then feedback. */
export const deployedHandlers = (routes: readonly Route[] = deployedRoutes): CatalogEntry[] => {
  const entries = new Map<string, CatalogEntry>();
  const add = (handler: string, kind: FunctionKind, routeKey?: string): void => {
    const needs = functionNeeds[handler];
    if (!needs) {
      throw new Error(`Handler "${handler}" (${routeKey ?? 'worker'}) has no entry in functionNeeds in infra/FunctionCatalog.ts; declare what it may access before it can be deployed.`);
    }
    const entry = entries.get(handler) ?? { handler, kind, needs, routeKeys: [] };
    if (routeKey) entry.routeKeys.push(routeKey);
    entries.set(handler, entry);
  };
  for (const r of routes.filter((x) => !x.localOnly)) add(r.handler, 'http', `${r.method} ${r.path}`);
  for (const w of Object.values(workers)) add(w.handler, 'worker');
  add(FEEDBACK_HANDLER, 'worker');
  add(SMS_DELIVERY_STATUS_HANDLER, 'worker');
  return [...entries.values()];
};

/** The handler module path for a handler name, relative to the project root. */
export const handlerEntryPath = (handler: string): string => `${HANDLERS_DIR}/${handlerModule(handler)}.ts`;

/**
 * Resolves each handler's module file; throws one error naming every missing module.
 *
 * @param entryFor maps a handler to its file (tests substitute fixtures through this)
 */
export const resolveHandlerEntries = (
  entries: readonly CatalogEntry[],
  entryFor: (handler: string) => string = (h) => resolve(handlerEntryPath(h)),
): Map<string, string> => {
  const resolved = new Map(entries.map((e) => [e.handler, entryFor(e.handler)]));
  const missing = entries.filter((e) => !existsSync(resolved.get(e.handler) as string));
  if (missing.length > 0) {
    const lines = missing.map((e) => `  - ${handlerEntryPath(e.handler)} (${e.routeKeys.join(', ') || e.kind}) must export \`handler\``);
    throw new Error(`Carecast stack: handler modules missing:\n${lines.join('\n')}`);
  }
  return resolved;
};
