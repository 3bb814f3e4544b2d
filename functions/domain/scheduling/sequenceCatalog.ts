/**
 * The sequences this deployment runs, kept in the store as immutable versions with a head row
 * (current version, paused, open date). The shipped JSON of a sequence is its version 1,
 * seeded the first time anyone asks for it; from then on the store is the source of truth and
 * staff edits add versions (editSequence.ts). Versions never change, so they are cached.
 */
import type { SequenceHead } from '../ports/sending/sequenceVersions.js';
import type { SequenceVersions } from '../ports/sending/sequenceVersions.js';
import type { SequenceDefinition } from './SequenceDefinition.js';

export interface LiveSequence {
  head: SequenceHead;
  /** The current version's definition. */
  definition: SequenceDefinition;
}

export interface SequenceCatalog {
  /** The current version and run state; undefined for an id neither stored nor shipped. */
  current(sequenceId: string): Promise<LiveSequence | undefined>;
  /** The run state only (one read): the dispatcher and worker ask it before every send. */
  head(sequenceId: string): Promise<SequenceHead | undefined>;
  /**
   * The run state as read at most RECENT_HEAD_MS ago (by the catalog's clock): the send worker's
   * fast path asks it per message without a read per message (issue 15). A pause reaches it
   * within that time; the dispatcher and the careful path read the head itself.
   */
  recentHead(sequenceId: string): Promise<SequenceHead | undefined>;
  version(sequenceId: string, version: number): Promise<SequenceDefinition | undefined>;
  /** Every sequence's head, shipped ones seeded first. */
  list(): Promise<SequenceHead[]>;
}

/** How long the send worker's fast path trusts a sequence head it read (a pause reaches it within this), ms. */
export const RECENT_HEAD_MS = 5_000;

export const storedSequenceCatalog = (store: SequenceVersions, shipped: SequenceDefinition[], now: () => Date): SequenceCatalog => {
  const shippedById = new Map(shipped.map((s) => [s.id, s]));
  // Promises, not values: the dispatcher asks for a version from up to 80 leases at once, and one read must serve them all.
  const versions = new Map<string, Promise<SequenceDefinition | undefined>>();

  const seed = async (id: string): Promise<SequenceHead | undefined> => {
    const definition = shippedById.get(id);
    if (!definition) return undefined;
    const at = now().toISOString();
    // Losing the race to another seeder is fine: the winner wrote the same version 1.
    await store.putSequenceVersion(
      { sequenceId: id, version: definition.version, definition, createdAt: at, createdBy: 'shipped', note: 'Shipped with the deployment' },
      { sequenceId: id, name: definition.name, currentVersion: definition.version, latestVersion: definition.version, paused: false, updatedAt: at },
      undefined,
    );
    return store.getSequenceHead(id);
  };

  const head = async (id: string) => (await store.getSequenceHead(id)) ?? seed(id);

  const recent = new Map<string, { at: number; head: SequenceHead | undefined }>();
  const recentHead = async (id: string) => {
    const t = now().getTime();
    const hit = recent.get(id);
    if (hit && t - hit.at >= 0 && t - hit.at < RECENT_HEAD_MS) return hit.head;
    const h = await head(id);
    recent.set(id, { at: t, head: h });
    return h;
  };

  const version = (id: string, v: number): Promise<SequenceDefinition | undefined> => {
    const cacheKey = `${id}@${v}`;
    let cached = versions.get(cacheKey);
    if (!cached) {
      cached = store.getSequenceVersion(id, v).then(async (stored) => {
        if (stored || shippedById.get(id)?.version !== v) return stored?.definition;
        // A shipped sequence nobody has asked for yet: seed it (head() does), then read what is stored.
        await head(id);
        return (await store.getSequenceVersion(id, v))?.definition;
      });
      versions.set(cacheKey, cached);
      // Only a version that exists is kept (a failed or empty read is asked again next time).
      cached.then(
        (d) => d || versions.delete(cacheKey),
        () => versions.delete(cacheKey),
      );
    }
    return cached;
  };

  return {
    head,
    recentHead,
    version,
    current: async (id) => {
      const h = await head(id);
      if (!h) return undefined;
      const definition = await version(id, h.currentVersion);
      return definition ? { head: h, definition } : undefined;
    },
    list: async () => {
      const stored = await store.listSequenceHeads();
      const missing = [...shippedById.keys()].filter((id) => !stored.some((h) => h.sequenceId === id));
      for (const id of missing) {
        const h = await seed(id);
        if (h) stored.push(h);
      }
      return stored.sort((a, b) => a.sequenceId.localeCompare(b.sequenceId));
    },
  };
};
