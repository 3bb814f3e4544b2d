/** Deterministic send ids: the idempotency key of every message (R3), opaque (O10). */
import { createHash } from 'node:crypto';

const digest = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);

/** One per (enrollment, step): a redelivered or re-dispatched job reuses it. */
export const stepSendId = (enrollmentId: string, stepId: string, run?: number): string =>
  run ? digest('step', enrollmentId, `run${run}`, stepId) : digest('step', enrollmentId, stepId);

/** System messages (confirmations, keyword replies) are keyed by what triggered them. */
export const systemSendId = (subscriberId: string, template: string, trigger: string): string =>
  digest('system', subscriberId, template, trigger);

export const enrollmentIdOf = (subscriberId: string, sequenceId: string): string => `${subscriberId}.${sequenceId}`;
