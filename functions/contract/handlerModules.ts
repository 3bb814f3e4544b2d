/**
 * Where each Lambda handler module lives under `functions/handlers/`, grouped by who calls it:
 * - `patient/`: pages and forms a patient or recipient opens (signup, confirm, preferences and
 *   one-click unsubscribe, tracked links, booking, legal pages);
 * - `events/`: what AWS invokes (the dispatcher schedule, the send queue, SES feedback and inbound
 *   texts through SNS, the refusal alarm that halts sending);
 * - `console/`: the staff console's pages, JSON API, sign-in, assets and OpenAPI document, with its
 *   route-keyed action tables.
 * Handler names (routes.ts, workers, infra/FunctionCatalog.ts) stay flat; CDK, local mode, the
 * bundle benchmark and tests resolve a name to its file through `handlerModule`.
 */
export const handlerGroups = {
  patient: ['signupPage', 'subscribe', 'confirmEmail', 'preferences', 'click', 'bookingPage', 'book', 'legalPage'],
  events: ['dispatch', 'sendWorker', 'sesFeedback', 'smsInbound', 'smsDeliveryStatus', 'haltSending'],
  console: ['adminPages', 'adminApi', 'adminSignIn', 'adminAssets', 'openApi'],
} as const;

export type HandlerGroup = keyof typeof handlerGroups;
export type HandlerName = (typeof handlerGroups)[HandlerGroup][number];

const groupOf = new Map<string, HandlerGroup>(
  (Object.entries(handlerGroups) as [HandlerGroup, readonly string[]][]).flatMap(([group, names]) => names.map((n) => [n, group] as const)),
);

/**
 * The module of a handler, relative to `functions/handlers/` and without extension
 * (`subscribe` → `patient/subscribe`). A name no group lists maps to `functions/handlers/<name>`,
 * which does not exist, so the stack's missing-module check names it.
 */
export const handlerModule = (handler: string): string => {
  const group = groupOf.get(handler);
  return group ? `${group}/${handler}` : handler;
};
