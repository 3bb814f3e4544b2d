/** Sequence versions and heads, and the audit log, in memory, with the DynamoDB adapters' conditions. */
import type { AuditEntry, AuditLog } from '../../domain/ports/staff/auditLog.js';
import type { EntryPoint, SequenceHead, SequenceHeadRemovable, SequenceVersion, SequenceVersions } from '../../domain/ports/sending/sequenceVersions.js';
import { applyUpdate, ConditionFailed, copy } from './memoryRows.js';

export class MemorySequenceVersions implements SequenceVersions {
  private readonly heads = new Map<string, SequenceHead>();
  private readonly versions = new Map<string, SequenceVersion>();
  private readonly entryPoints = new Map<string, EntryPoint>();

  async getSequenceHead(sequenceId: string): Promise<SequenceHead | undefined> {
    const h = this.heads.get(sequenceId);
    return h ? copy(h) : undefined;
  }

  async listSequenceHeads(): Promise<SequenceHead[]> {
    return [...this.heads.values()].sort((a, b) => (a.sequenceId < b.sequenceId ? -1 : 1)).map(copy);
  }

  async getSequenceVersion(sequenceId: string, version: number): Promise<SequenceVersion | undefined> {
    const v = this.versions.get(`${sequenceId}#${version}`);
    return v ? copy(v) : undefined;
  }

  async listSequenceVersions(sequenceId: string): Promise<SequenceVersion[]> {
    return [...this.versions.values()].filter((v) => v.sequenceId === sequenceId).sort((a, b) => a.version - b.version).map(copy);
  }

  async putSequenceVersion(version: SequenceVersion, head: SequenceHead, expectedLatest: number | undefined): Promise<boolean> {
    const current = this.heads.get(head.sequenceId);
    if (this.versions.has(`${version.sequenceId}#${version.version}`)) return false;
    if (expectedLatest === undefined ? current !== undefined : current?.latestVersion !== expectedLatest) return false;
    this.versions.set(`${version.sequenceId}#${version.version}`, copy(version));
    if (!current) this.heads.set(head.sequenceId, copy(head));
    else applyUpdate(current as unknown as Record<string, unknown>, { currentVersion: head.currentVersion, latestVersion: head.latestVersion, name: head.name, updatedAt: head.updatedAt });
    return true;
  }

  async updateSequenceHead(sequenceId: string, patch: Partial<Omit<SequenceHead, 'sequenceId'>>, remove: SequenceHeadRemovable[] = [], expectPaused?: boolean): Promise<boolean> {
    const h = this.heads.get(sequenceId);
    if (!h || h.paused === undefined || (expectPaused !== undefined && h.paused !== expectPaused)) return false;
    applyUpdate(h as unknown as Record<string, unknown>, patch, remove);
    return true;
  }

  async getEntryPoint(entryPointId: string): Promise<EntryPoint | undefined> {
    const e = this.entryPoints.get(entryPointId);
    return e ? copy(e) : undefined;
  }

  async listEntryPoints(): Promise<EntryPoint[]> {
    return [...this.entryPoints.values()].sort((a, b) => (a.entryPointId < b.entryPointId ? -1 : 1)).map(copy);
  }

  async putEntryPoint(entryPoint: EntryPoint): Promise<void> {
    this.entryPoints.set(entryPoint.entryPointId, copy(entryPoint));
  }
}

export class MemoryAuditLog implements AuditLog {
  private readonly entries = new Map<string, AuditEntry>();

  async appendAudit(entry: AuditEntry): Promise<void> {
    const key = `${entry.at}#${entry.auditId}`;
    if (this.entries.has(key)) throw new ConditionFailed('audit row exists');
    this.entries.set(key, copy(entry));
  }

  async listAudit(limit: number, now: Date, months = 3): Promise<AuditEntry[]> {
    const oldestMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)).toISOString().slice(0, 7);
    const newestMonth = now.toISOString().slice(0, 7);
    return [...this.entries.entries()]
      .filter(([, e]) => e.at.slice(0, 7) >= oldestMonth && e.at.slice(0, 7) <= newestMonth)
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .slice(0, limit)
      .map(([, e]) => copy(e));
  }
}
