/**
 * The two Liquid engines used at send time: one escapes output for HTML, one does not.
 *
 * Only liquidjs runs at send time; MJML and html-to-text ran at build time (issue 3). The HTML
 * engine escapes every `{{ }}` output (W8), so a first name such as `<script>` arrives as text.
 * Subjects, preheaders, plain-text parts and SMS use the text engine: escaping there would show
 * `&amp;` to the reader.
 */
import { Liquid } from 'liquidjs';

const shared = { strictFilters: true, ownPropertyOnly: true, cache: false } as const;

export const htmlEngine = new Liquid({ ...shared, outputEscape: 'escape' });
export const textEngine = new Liquid({ ...shared });
