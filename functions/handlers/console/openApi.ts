/** GET /api/openapi.json: the OpenAPI 3.1 document, generated from routes.ts and the zod schemas. */
import { config } from '../../config.js';
import { openApiDocument } from '../../contract/openApiDocument.js';
import { json } from '../../http/responses.js';
import { publicRoute } from '../../middleware/publicRoute.js';

let doc: Record<string, unknown> | undefined;

export const handler = publicRoute(async () => json(200, (doc ??= openApiDocument(config().publicBaseUrl)), { 'cache-control': 'public, max-age=300' }));
