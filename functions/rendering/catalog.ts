/**
 * The compiled template catalog, bundled into the send worker as JSON (esbuild inlines it).
 *
 * Built by `npm run build:templates`; if this import fails, run that first.
 */
import catalogJson from '../../build/templates/catalog.json' with { type: 'json' };
import type { TemplateCatalog } from './TemplateCatalog.js';

export const catalog: TemplateCatalog = catalogJson;
