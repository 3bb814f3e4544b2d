/** The results CSV export, written once for the console page and the API: renders and audits (P9). */
import type { DomainContext } from '../core/domainContext.js';
import type { StaffActor } from '../ports/staff/auditLog.js';
import { resultsCsv } from '../results/sequenceResults.js';
import { recordAudit } from './auditLog.js';
import { resultsOfSequence } from './sequenceDetail.js';

/**
 * A sequence's results as CSV (one row per step plus a TOTAL row; formula-safe cells), and an
 * audit entry `results.export` by `actor`.
 * @returns the file name to offer (`<sequenceId>-results.csv`) and the CSV text.
 * @throws NotFound when the sequence does not exist.
 */
export const exportResultsCsv = async (deps: DomainContext, actor: StaffActor, sequenceId: string): Promise<{ filename: string; csv: string }> => {
  const csv = resultsCsv(await resultsOfSequence(deps, sequenceId));
  await recordAudit(deps, actor, 'results.export', `sequence:${sequenceId}`, { after: { format: 'csv' } });
  return { filename: `${sequenceId}-results.csv`, csv };
};
