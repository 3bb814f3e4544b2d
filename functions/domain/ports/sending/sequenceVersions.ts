/**
 * Sequence versions and heads (staff console, issue 6): immutable versions, and one head per
 * sequence saying which version runs, whether it is paused and when it opens.
 */
import type { SequenceDefinition } from '../../scheduling/SequenceDefinition.js';

/** The mutable state of a sequence: which version runs, whether it is paused, when it opens. */
export interface SequenceHead {
  sequenceId: string;
  name: string;
  currentVersion: number;
  latestVersion: number;
  paused: boolean;
  pausedAt?: string;
  /** Local date (yyyy-MM-dd, clinic zone) before which a new enrollment's first step waits. */
  openFrom?: string;
  /** Archived: kept with its versions and results, out of the working list; no entry point may lead to it. */
  archived?: boolean;
  archivedAt?: string;
  updatedAt: string;
}

/** Which sequence a way in (the signup form…) enrolls people into; staff change it in the console. */
export interface EntryPoint {
  entryPointId: string;
  sequenceId: string;
  updatedAt: string;
  updatedBy: string;
}

export type SequenceHeadRemovable = 'pausedAt' | 'openFrom' | 'archivedAt';

/** One immutable version; version 1 is the shipped JSON. */
export interface SequenceVersion {
  sequenceId: string;
  version: number;
  definition: SequenceDefinition;
  createdAt: string;
  createdBy: string;
  note?: string;
}

export interface SequenceVersions {
  getSequenceHead(sequenceId: string): Promise<SequenceHead | undefined>;
  listSequenceHeads(): Promise<SequenceHead[]>;
  getSequenceVersion(sequenceId: string, version: number): Promise<SequenceVersion | undefined>;
  listSequenceVersions(sequenceId: string): Promise<SequenceVersion[]>;
  /**
   * Writes a new version and points the head at it, in one transaction, only if the head's
   * latest version is still `expectedLatest` (undefined: no head yet). False when someone won.
   */
  putSequenceVersion(version: SequenceVersion, head: SequenceHead, expectedLatest: number | undefined): Promise<boolean>;
  /** Updates the head if `paused` is still `expectPaused` (when given); false otherwise. */
  updateSequenceHead(sequenceId: string, patch: Partial<Omit<SequenceHead, 'sequenceId'>>, remove?: SequenceHeadRemovable[], expectPaused?: boolean): Promise<boolean>;
  /** The stored choice of an entry point; undefined when staff never chose (the deployment default applies). */
  getEntryPoint(entryPointId: string): Promise<EntryPoint | undefined>;
  listEntryPoints(): Promise<EntryPoint[]>;
  /** Sets an entry point's sequence (last write wins; audited by the caller). */
  putEntryPoint(entryPoint: EntryPoint): Promise<void>;
}
