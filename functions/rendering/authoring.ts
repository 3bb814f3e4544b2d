/**
 * The console's authoring assets (layout partials, sources, plain-language terms), built from
 * templates/ by `npm run build:templates` (build/authoringAssets.ts) and imported as JSON, so
 * esbuild inlines them into the Lambda bundles: compile-at-save works where no templates/
 * folder exists. If this import fails, run `npm run build:templates`.
 */
import assets from '../../build/templates/authoring.json' with { type: 'json' };
import type { AuthoringAssets } from './build/authoringAssets.js';

export const authoringAssets: AuthoringAssets = assets as unknown as AuthoringAssets;
