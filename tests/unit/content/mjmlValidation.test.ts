import { describe, expect, it } from 'vitest';
import { compileMjml, mjmlDocumentOf } from '../../../functions/rendering/build/compileEmail.js';
import { loadSourceList } from '../../../functions/rendering/build/sourceList.js';
import { readEmailSources } from '../../../functions/rendering/build/templateFiles.js';

const sourceList = loadSourceList();
const templates = readEmailSources();

describe('MJML sources', () => {
  it.each(templates.map((t) => [`${t.id} (${t.language})`, t] as const))('%s passes strict MJML validation with zero errors', async (_, t) => {
    const { problems, html } = await compileMjml(await mjmlDocumentOf(t, sourceList));

    expect(problems).toEqual([]);
    expect(html).toContain('<html');
  });

  it('reports a misplaced tag as a validation error, so the check above can fail', async () => {
    const [first] = templates;
    if (!first) throw new Error('no templates');
    const broken = { ...first, body: first.body.replace('<mj-column>', '<mj-column><mj-section></mj-section>') };

    const { problems } = await compileMjml(await mjmlDocumentOf(broken, sourceList));

    expect(problems.length).toBeGreaterThan(0);
  });

  it('adds no third-party font link to the compiled HTML', async () => {
    const [first] = templates;
    if (!first) throw new Error('no templates');

    const { html } = await compileMjml(await mjmlDocumentOf(first, sourceList));

    expect(html).not.toMatch(/fonts\.googleapis|<link\b/);
  });
});
