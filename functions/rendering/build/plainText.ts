/**
 * Derives the plain-text part from compiled HTML, keeping Liquid placeholders intact.
 * Build-time only (html-to-text must stay out of the send worker).
 */
import { convert } from 'html-to-text';

const keepCase = { options: { uppercase: false } };

export const plainTextOf = (html: string): string =>
  convert(html, {
    // Wrapping would count placeholder characters, not rendered ones, and could split a URL.
    wordwrap: false,
    selectors: [
      { selector: 'h1', ...keepCase },
      { selector: 'h2', ...keepCase },
      { selector: 'h3', ...keepCase },
      { selector: 'img', format: 'skip' },
      // mj-preview's hidden preheader div: it belongs in the inbox list, not in the text body.
      { selector: 'div[style*="display:none"]', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  }).trim();
