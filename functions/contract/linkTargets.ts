/**
 * The click-through allow-list (W10), declared once: every place a tracked link may lead.
 *
 * A click token names a target by its numeric code, never by URL; the URL is resolved here, on
 * the server, from configuration. So a link cannot be turned into an open redirect by editing
 * it, and a code that is not listed is refused (400). `isSafeRedirect` is the second lock: the
 * resolved URL must be absolute http(s) on an allowed origin, with no credentials part.
 */

/** What a target's URL is built from: deployment settings, never request input. */
export interface LinkTargetContext {
  publicBaseUrl: string;
  clinicWebsite: string;
  /**
   * The deployment's own allow-list of origins (CDK context `linkAllowList`). When set, a target
   * off these origins is refused even though it is listed here; the site itself is always allowed.
   */
  allowedOrigins?: readonly string[];
}

export interface LinkTarget {
  /** Stable numeric code carried in click tokens (one byte); never reuse a retired code. */
  code: number;
  url: (ctx: LinkTargetContext) => string;
}

export const linkTargets = {
  /** The consultation request page; the click handler adds a booking token for prefill and attribution. */
  book: { code: 1, url: (ctx) => `${ctx.publicBaseUrl}/book` },
  /** The clinic's own website. */
  website: { code: 2, url: (ctx) => ctx.clinicWebsite },
} as const satisfies Record<string, LinkTarget>;

export type LinkTargetId = keyof typeof linkTargets;

/** The target id for a code, or undefined when the code is not on the list. */
export const linkTargetIdOfCode = (code: number): LinkTargetId | undefined =>
  (Object.keys(linkTargets) as LinkTargetId[]).find((id) => linkTargets[id].code === code);

/** Whether `id` is exactly one of the listed ids (not `__proto__`, `toString` or a URL). */
export const isLinkTargetId = (id: unknown): id is LinkTargetId => typeof id === 'string' && Object.hasOwn(linkTargets, id);

/**
 * Whether `url` may be used as a redirect Location: absolute, http(s), no user:password@ part,
 * no backslashes or control characters, and on one of `allowedOrigins` exactly.
 *
 * @example
 * isSafeRedirect('https://clinic.example@evil.example/', ['https://clinic.example']) // false
 */
export const isSafeRedirect = (url: string, allowedOrigins: readonly string[]): boolean => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (typeof url !== 'string' || /[\\\u0000-\u001f\u007f\s]/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false; // relative (`//evil`, `/\evil`) or malformed
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username || parsed.password) return false;
  return allowedOrigins.some((o) => {
    try {
      return new URL(o).origin === parsed.origin;
    } catch {
      return false;
    }
  });
};

/** The URL of a listed target, checked by isSafeRedirect; undefined for anything else. */
export const resolveLinkTarget = (id: unknown, ctx: LinkTargetContext): string | undefined => {
  if (!isLinkTargetId(id)) return undefined;
  const url = linkTargets[id].url(ctx);
  const origins = ctx.allowedOrigins ? [ctx.publicBaseUrl, ...ctx.allowedOrigins] : [ctx.publicBaseUrl, ctx.clinicWebsite];
  return isSafeRedirect(url, origins) ? url : undefined;
};
