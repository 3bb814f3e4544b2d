/**
 * Staff-written structured text (Markdown: `#`/`##` headings, paragraphs, `-`/`1.` lists,
 * `**bold**`, `[text](link)`) to HTML, with marked. Merge fields (`{{ … }}`) are set aside before
 * parsing and put back after, so Markdown never escapes or splits them; what they may name is
 * checked by the caller. Raw HTML and images are reported, not rendered: the layout owns the
 * markup, and an image would load from a third party on every open.
 */
import { Marked, type Token } from 'marked';

export interface StructuredText {
  html: string;
  /** Every link target, merge fields restored (`{{ links.booking }}`), in order. */
  links: string[];
  /** Merge-field expressions as written, without the braces (`subscriber.firstName | default: 'there'`). */
  mergeFields: string[];
  /** What the text uses that the layout does not allow (HTML, images, deep headings). */
  problems: string[];
}

const MERGE_FIELD = /\{\{([\s\S]*?)\}\}/g;
const placeholder = (i: number) => `zzmergefield${i}zz`;
const PLACEHOLDER = /zzmergefield(\d+)zz/g;

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Sets merge fields aside as placeholders; `restore` puts them back into any string. */
export const protectMergeFields = (text: string) => {
  const fields: string[] = [];
  const protectedText = text.replace(MERGE_FIELD, (_m, inner: string) => placeholder(fields.push(inner.trim()) - 1));
  const restore = (s: string) => s.replace(PLACEHOLDER, (_m, i: string) => `{{ ${fields[Number(i)]} }}`);
  return { protectedText, fields, restore };
};

export const structuredTextToHtml = (text: string): StructuredText => {
  const { protectedText, fields, restore } = protectMergeFields(text);
  const tokens = marked.lexer(protectedText);
  const links: string[] = [];
  const problems = new Set<string>();
  marked.walkTokens(tokens, (t: Token) => {
    if (t.type === 'link') links.push(restore(t.href));
    if (t.type === 'image') problems.add('Images are not supported: the layout has the clinic header');
    if (t.type === 'html') problems.add('HTML tags are not allowed: use Markdown (# heading, - list, **bold**, [text](link))');
    if (t.type === 'heading' && t.depth > 3) problems.add('Use # for the title and ## or ### for sections');
  });
  return { html: restore(marked.parser(tokens)), links, mergeFields: fields, problems: [...problems] };
};
