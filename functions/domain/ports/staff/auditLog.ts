/** The staff audit log (P9): append-only, one partition per UTC month. */

/** Who did something in the console, from the verified token (never an address). */
export interface StaffActor {
  sub: string;
  name: string;
  role: 'staff' | 'admin';
  /** The staff member's own address, only when the token's email_verified claim is true (test sends may go there). */
  email?: string;
}

/** One append-only audit row (P9): who, what, when, before and after. */
export interface AuditEntry {
  auditId: string;
  at: string;
  actor: { sub: string; name: string };
  action: string;
  /** What was acted on: `sequence:<id>`, `broadcast:<id>`, `subscriber:<id>` (ids only, P5). */
  target: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditLog {
  /** Appends one entry. @throws ConditionalCheckFailedException if its (at, auditId) row exists (never overwritten). */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first, looking back `months` UTC months. */
  listAudit(limit: number, now: Date, months?: number): Promise<AuditEntry[]>;
}
