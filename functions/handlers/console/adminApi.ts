/**
 * /api/admin/*: every staff console action as JSON, for scripts and integrations. One action per
 * route (console/apiActions.ts, keyed by the route keys of contract/routes.ts); errors are
 * `{ error: { code, message, fields } }` (400 with field errors, 401, 403, 404, 409).
 */
import { NotFound } from '../../domain/core/errors.js';
import { staffRoute } from '../../middleware/staffRoute.js';
import { domainContext } from '../../wiring.js';
import { type ApiAction, apiActions } from './apiActions.js';

export const handler = staffRoute(async (event, { actor }) => {
  const action = (apiActions as Record<string, ApiAction>)[event.routeKey];
  if (!action) throw new NotFound('route');
  return action({ event, actor, d: await domainContext(), id: event.pathParameters?.id ?? '' });
});
