/**
 * Templates with the clinic's fields already filled in, once per clinic profile (issue 15).
 *
 * Most placeholders of an email are clinic fields (name, program, locations, phone, website),
 * the same in every message. They are rendered once, the first time a template is used with a
 * clinic profile (in a Lambda: once per cold start, the profile comes from its configuration),
 * and the template that is left holds only what differs per message: `subscriber.*`, `links.*`,
 * `booking.*`, `inboundText.*`. The output is the same as rendering the whole template each time
 * (tests/unit/content/clinicResolved.test.ts compares every template).
 *
 * Only top-level parts are resolved, and only when they read nothing but `clinic` (Liquid's own
 * static analysis says which variables a part reads) and keep no state: an `assign`, `capture`
 * or counter could feed a later part, so a template with one stays as it is.
 */
import type { Liquid, Template } from 'liquidjs';
import type { ClinicProfile } from '../contract/ClinicProfile.js';

/** Tags whose effect outlives the tag: a part holding one is never resolved early. */
const STATEFUL = /\{%-?\s*(assign|capture|increment|decrement|cycle|liquid|include|render|layout|block)\b/;
/** Whitespace control trims neighbouring text when a part renders; such templates are left whole. */
const TRIMS = /\{\{-|-\}\}|\{%-|-%\}/;

const resolved = new WeakMap<ClinicProfile, Map<string, Template[]>>();

/** Text that Liquid must print as it is: a clinic value could itself contain `{{` (never parsed as a tag). */
const literal = (text: string): string | undefined => {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  return text.includes('{% endraw') ? undefined : `{% raw %}${text}{% endraw %}`;
};

/**
 * The source of `source` with every top-level part that reads only `clinic` replaced by its output.
 * @param strict render those parts with `strictVariables` (an unknown clinic field throws, as a full render would).
 */
export const resolveClinicFields = (engine: Liquid, source: string, clinic: ClinicProfile, strict: boolean): string => {
  if (TRIMS.test(source)) return source;
  const parts = engine.parse(source);
  if (parts.some((p, i) => STATEFUL.test(source.slice(p.token.begin, parts[i + 1]?.token.begin ?? source.length)))) return source;
  let out = '';
  parts.forEach((part, i) => {
    const text = source.slice(part.token.begin, parts[i + 1]?.token.begin ?? source.length);
    const reads = engine.globalVariablesSync([part]);
    const clinicOnly = reads.every((name) => name === 'clinic');
    const done = clinicOnly ? literal(engine.renderSync([part], { clinic }, { strictVariables: strict })) : undefined;
    out += done ?? text;
  });
  return out;
};

/**
 * The parsed template of `source` for `clinic`, resolved and parsed once per (clinic profile,
 * `key`, strictness) and reused afterwards. `key` names the template part (`email:welcome:en:html`).
 */
export const clinicResolvedTemplate = (engine: Liquid, key: string, source: string, clinic: ClinicProfile, strict: boolean): Template[] => {
  let byKey = resolved.get(clinic);
  if (!byKey) resolved.set(clinic, (byKey = new Map()));
  const cacheKey = `${key}:${strict ? 'strict' : 'lax'}`;
  let templates = byKey.get(cacheKey);
  if (!templates) {
    templates = engine.parse(resolveClinicFields(engine, source, clinic, strict));
    byKey.set(cacheKey, templates);
  }
  return templates;
};
