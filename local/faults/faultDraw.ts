/**
 * The fault injector's dice (issue 13): a uniform number in [0, 1) that is a pure function of the
 * plan's seed and what is asked about, so a decision never depends on which concurrent call came
 * first. FNV-1a over the parts, finished with MurmurHash3's fmix32 so nearby keys spread evenly.
 */

/** FNV-1a, 32 bits, of a string's UTF-16 code units. */
export const stringHash = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
const fmix32 = (x: number): number => {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/**
 * A number in [0, 1) decided by `seed` and `parts` alone.
 * @param parts what the draw is about, e.g. service, fault kind, request key
 */
export const faultDraw = (seed: number, ...parts: string[]): number => fmix32(stringHash(`${seed >>> 0}\u0000${parts.join('\u0000')}`)) / 4294967296;
