/**
 * CORS for the public API (W5, W6), declared once: the HTTP API's CORS configuration in CDK
 * and local mode's gateway both use it. Exact origins only (the site's), POST and OPTIONS only,
 * no credentials: the JSON API relies on `content-type: application/json` forcing a preflight.
 */
export const corsPolicy = {
  allowMethods: ['POST', 'OPTIONS'] as const,
  allowHeaders: ['content-type'] as const,
  maxAgeSeconds: 600,
  /** Paths the browser may call cross-origin (the JSON API); pages are same-origin. */
  pathPrefix: '/api/',
} as const;

/** Answer headers for a request from `origin`, or undefined when the origin is not allowed. */
export const corsHeaders = (origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> | undefined =>
  origin && allowedOrigins.includes(origin)
    ? {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': corsPolicy.allowMethods.join(', '),
        'access-control-allow-headers': corsPolicy.allowHeaders.join(', '),
        'access-control-max-age': String(corsPolicy.maxAgeSeconds),
        vary: 'Origin',
      }
    : undefined;
