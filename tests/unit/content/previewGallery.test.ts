import { describe, expect, it } from 'vitest';
import { measureCatalogReadability } from '../../../functions/readability/catalogReadability.js';
import { describeReadability } from '../../../functions/readability/measureReadability.js';
import { renderPreviewGallery } from '../../../functions/rendering/previewGallery.js';

const files = await renderPreviewGallery();
const index = files.get('index.html')?.body ?? '';
const measured = await measureCatalogReadability();

describe('the preview gallery (npm run preview, /preview/ in local mode)', () => {
  it.each(measured.map((m) => [`${m.id} (${m.language})`, m] as const))('shows the grade of %s beside it', (_, m) => {
    const section = index.split('<section>').find((s) => s.startsWith(`<h2>${m.id} <small>${m.language}</small></h2>`)) ?? '';

    expect(section).toContain(describeReadability(m.report).replace(/&/g, '&amp;'));
    expect(section).toContain(m.report.meetsTarget ? 'within target' : 'ABOVE TARGET');
  });

  it('says the clinic inbox notification is not measured, as it is not patient copy', () => {
    const section = index.split('<section>').find((s) => s.startsWith('<h2>booking-notification <small>en</small></h2>')) ?? '';
    expect(section).toContain('not measured');
  });
});
