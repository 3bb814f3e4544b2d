/**
 * Where template sources and build output live. Build-time only.
 */
import { fileURLToPath } from 'node:url';

const at = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export const templatePaths = {
  root: at('../../../templates/'),
  email: at('../../../templates/email/'),
  partials: at('../../../templates/email/partials/'),
  sms: at('../../../templates/sms/'),
  sources: at('../../../templates/sources.yaml'),
  plainLanguage: at('../../../templates/plain-language.yaml'),
  buildCode: at('./'),
  outDir: at('../../../build/templates/'),
  catalog: at('../../../build/templates/catalog.json'),
  /** The same catalog, brotli-compressed, for the Lambda bundles (a third of a megabyte less to load). */
  catalogPacked: at('../../../build/templates/catalog.packed.json'),
  catalogHash: at('../../../build/templates/catalog.sha256'),
  /** What the console compiles messages with at save time (authoringAssets.ts), imported by its handlers. */
  authoring: at('../../../build/templates/authoring.json'),
} as const;
