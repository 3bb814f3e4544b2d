/** How a render runs: strict variables (tests), and where console-written templates come from (issue 14). */
import type { PublishedTemplateLookup } from './templateCatalog.js';

export interface RenderOptions {
  /** Unknown variables throw instead of rendering empty (tests use this on every template). */
  strict?: boolean;
  /** Where console-written templates (`msg-…`) are found; without it such an id is unknown. */
  published?: PublishedTemplateLookup;
}
