/**
 * The first form on an HTML page: method, absolute action and its hidden fields, so the smoke
 * test can press a page's button the way a browser would (e.g. a confirmation page that
 * POSTs back to its own URL). Enough HTML for the pages Carecast renders, not a general parser.
 */
export interface PageForm {
  method: 'get' | 'post';
  action: string;
  fields: Record<string, string>;
}

const decode = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27|#(\d+));/g, (m, name: string, num?: string) =>
    num ? String.fromCharCode(Number(num)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" } as Record<string, string>)[name] ?? m,
  );

const attr = (tag: string, name: string): string | undefined => {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  const v = m?.[1] ?? m?.[2] ?? m?.[3];
  return v === undefined ? undefined : decode(v);
};

/** @param pageUrl the page's own URL: an empty or relative action resolves against it */
export const formOf = (html: string, pageUrl: string): PageForm | undefined => {
  const open = html.match(/<form\b[^>]*>/i);
  if (!open) return undefined;
  const body = html.slice((open.index ?? 0) + open[0].length, html.indexOf('</form>', open.index ?? 0) >>> 0);
  const fields: Record<string, string> = {};
  for (const input of body.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    const type = (attr(input, 'type') ?? 'text').toLowerCase();
    if (name && (type === 'hidden' || type === 'submit')) fields[name] = attr(input, 'value') ?? '';
  }
  for (const button of body.match(/<button\b[^>]*>/gi) ?? []) {
    const name = attr(button, 'name');
    if (name) fields[name] = attr(button, 'value') ?? '';
  }
  return {
    method: (attr(open[0], 'method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get',
    action: new URL(attr(open[0], 'action') || pageUrl, pageUrl).toString(),
    fields,
  };
};
