/**
 * The staff audit log (P9): every change made in the console, and every export or look-up of
 * personal data, is appended with who, what, when, and the state before and after. Rows are
 * written with a condition that refuses overwrites; ids only, never an address (P5).
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, StaffActor } from '../ports/staff/auditLog.js';
import type { DomainContext } from '../core/domainContext.js';

/** Appends one audit row (P9): who (`actor`, ids only), what (`action` on `target`), when, before and after. */
export const recordAudit = async (
  deps: Pick<DomainContext, 'store' | 'clock'>,
  actor: StaffActor,
  action: string,
  target: string,
  change: { before?: unknown; after?: unknown } = {},
): Promise<void> => {
  await deps.store.appendAudit({
    auditId: randomUUID(),
    at: deps.clock.now().toISOString(),
    actor: { sub: actor.sub, name: actor.name },
    action,
    target,
    ...(change.before === undefined ? {} : { before: change.before }),
    ...(change.after === undefined ? {} : { after: change.after }),
  });
};

/** The newest audit entries (at most 500), looking back three UTC months (P9). */
export const readAuditLog = (deps: Pick<DomainContext, 'store' | 'clock'>, limit: number): Promise<AuditEntry[]> =>
  deps.store.listAudit(Math.min(500, limit), deps.clock.now());
