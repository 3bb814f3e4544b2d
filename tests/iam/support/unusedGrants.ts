/**
 * Least-privilege review: every (action, resource) an Allow statement grants a function that no
 * observed request of that function used. Wildcards in granted resources match like IAM's
 * (`*` any run of characters, `?` one).
 */
import type { Caller, IamRequest } from './simulateCalls.js';

export interface UnusedGrant {
  handler: string;
  action: string;
  resource: string;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

export const unusedGrants = (functions: ReadonlyArray<{ handler: string; caller: Caller; observed: readonly IamRequest[] }>): UnusedGrant[] => {
  const rows: UnusedGrant[] = [];
  for (const { handler, caller, observed } of functions) {
    for (const { policy } of caller.identity) {
      for (const st of policy.Statement) {
        if (st.Effect !== 'Allow') continue;
        for (const action of asArray<string>(st.Action)) {
          for (const resource of asArray<string>(st.Resource)) {
            const used = observed.some((o) => glob(action).test(o.action) && (o.resource === '*' ? resource === '*' : glob(resource).test(o.resource)));
            // Log delivery is Lambda's own use of the role; no handler call exercises it.
            if (!used && !action.startsWith('logs:')) rows.push({ handler, action, resource });
          }
        }
      }
    }
  }
  return rows.sort((a, b) => a.handler.localeCompare(b.handler) || a.action.localeCompare(b.action));
};
