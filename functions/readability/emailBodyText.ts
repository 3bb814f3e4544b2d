/**
 * The body text of a rendered email: only what sits in the layout's `role="main"` region (the
 * template's own copy and its button), without the header, preheader, disclaimer, addresses or
 * sources, one block per line. Build, test and preview time only: html-to-text must stay out of
 * the send worker.
 */
import { convert } from 'html-to-text';

const block = { options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } };

export const emailBodyText = (html: string): string =>
  convert(html, {
    wordwrap: false,
    baseElements: { selectors: ['[role=main]'], returnDomByDefault: false },
    selectors: [
      { selector: 'h1', format: 'block', ...block },
      { selector: 'h2', format: 'block', ...block },
      { selector: 'h3', format: 'block', ...block },
      { selector: 'p', format: 'block', ...block },
      { selector: 'li', format: 'block', ...block },
      { selector: 'ul', format: 'block', ...block },
      { selector: 'ol', format: 'block', ...block },
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'table', format: 'block' },
      { selector: 'tr', format: 'block' },
      { selector: 'td', format: 'block' },
    ],
  })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
