import { describe, expect, it } from 'vitest';
import { label, renderAllEmails, renderAllSms } from './renderedTemplates.js';

const emails = await renderAllEmails();
const texts = await renderAllSms();
const copies = [
  ...emails.map((e) => [label(e), `${e.subject}\n${e.preheader}\n${e.text}`] as const),
  ...texts.map((t) => [`SMS ${label(t)}`, t.body] as const),
];

/** Each sentence of a copy, so a rule can look at the words around a match. */
const sentences = (copy: string): string[] => copy.split(/(?<=[.!?;:])\s+|\n+/).filter((s) => s.trim() !== '');

/** Every cure-like word must sit in a negated sentence: "there is no cure", "no tiene cura". */
const unnegatedCureClaims = (copy: string): string[] =>
  sentences(copy).filter(
    (s) => /\b(cures?|cured|curing|curar|curan?|curas)\b/i.test(s) && !/\b(no|not|never|nunca)\b/i.test(s),
  );

describe('copy lint (facts sheet §5, P12)', () => {
  it.each(copies)('%s never says the reader has the condition (P12)', (_, copy) => {
    expect(copy).not.toMatch(/\byour (cervical )?dystonia\b|\b(tu|su) distonía\b|\byou have (cervical )?dystonia\b|\busted tiene (la )?distonía\b/i);
  });

  it.each(copies)('%s makes no cure, fix or guaranteed-result claim (§5.1, §5.2)', (_, copy) => {
    expect(unnegatedCureClaims(copy)).toEqual([]);
    expect(copy).not.toMatch(/\b(fix(es|ed)?|eliminates?|get rid of|eliminar|deshacerse)\b/i);
    expect(copy).not.toMatch(/immediate|inmediat[ao] (alivio|mejor)|pain-free|sin dolor|you will feel better|se sentirá mejor/i);
  });

  it.each(copies)('%s never names levodopa, a back surgeon or "current guidelines" (§5.7, §5.8, §6)', (_, copy) => {
    expect(copy).not.toMatch(/levodopa|back surgeon|cirujano de espalda|current guideline|guía actual|guías actuales/i);
  });

  it.each(copies)('%s dates any American Academy of Neurology guideline to 2016 (§2, S7)', (_, copy) => {
    for (const s of sentences(copy).filter((x) => /American Academy of Neurology/.test(x))) expect(s).toMatch(/2016/);
  });

  it.each(copies)('%s gives no doses or units (§5.3)', (_, copy) => {
    expect(copy).not.toMatch(/\b\d+\s?(mg|units?|unidades|ml)\b/i);
  });

  it('catches an unnegated cure claim, so the rule above can fail', () => {
    expect(unnegatedCureClaims('Stretching cures the spasms.')).toHaveLength(1);
    expect(unnegatedCureClaims('There is no cure for it.')).toHaveLength(0);
    expect(unnegatedCureClaims('Esta terapia cura la distonía.')).toHaveLength(1);
  });

  it('says who gives injections as "a trained clinician" (§6)', () => {
    const treatment = emails.filter((e) => e.id === 'treatment');

    expect(treatment.find((e) => e.language === 'en')?.text).toContain('by a trained clinician');
    expect(treatment.find((e) => e.language === 'es')?.text).toContain('Un profesional de salud capacitado inyecta');
  });

  it('tells readers of exercise content to do only what their clinician approved and to stop if symptoms increase (§3.9a)', () => {
    for (const e of emails.filter((x) => x.id === 'self-care' || x.id === 'treatment')) {
      expect(e.text).toMatch(e.language === 'en' ? /only the exercises .*approved/ : /solo los ejercicios .*aprobado/);
      expect(e.text).toMatch(e.language === 'en' ? /stop and contact your clinician/ : /pare y comuníquese con su médico/);
    }
  });
});
