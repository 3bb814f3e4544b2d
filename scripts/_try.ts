import { renderSms, smsTemplateIds } from '../functions/rendering/index.js';
import { sampleMergeContext } from '../functions/rendering/sampleMergeContext.js';
import { countSmsSegments } from '../functions/rendering/smsSegments.js';
for (const lang of ['en', 'es'] as const) for (const id of smsTemplateIds()) {
  const { body } = await renderSms(id, lang, sampleMergeContext(lang), { strict: true });
  const c = countSmsSegments(body);
  console.log(lang, id.padEnd(22), c.encoding, c.segments, c.characters, body.length);
}
