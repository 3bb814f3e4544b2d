/**
 * Render: the precompiled catalog (Liquid only, what the send worker does) against compiling
 * MJML at send time (assemble + mjml + Liquid), per message, side by side in one process.
 *
 * Messages rotate over every email step of the shipped sequence in both languages, so the
 * numbers are for the real mix, not one short template.
 */
import { compileMjml, mjmlDocumentOf } from '../functions/rendering/build/compileEmail.js';
import { plainTextOf } from '../functions/rendering/build/plainText.js';
import { loadSourceList } from '../functions/rendering/build/sourceList.js';
import { type EmailSource, readEmailSources } from '../functions/rendering/build/templateFiles.js';
import { renderEmail } from '../functions/rendering/index.js';
import { htmlEngine, textEngine } from '../functions/rendering/liquidEngines.js';
import type { Language } from '../functions/rendering/merge/mergeContext.js';
import { mergeScope } from '../functions/rendering/merge/mergeScope.js';
import { sampleMergeContext } from '../functions/rendering/merge/sampleMergeContext.js';
import { shippedSequences } from '../functions/sequences.js';
import { consoleMessageFixture } from './consoleMessageFixture.js';
import { formatTable } from './formatTable.js';
import { ms, ratio, type Summary, summarize } from './summarize.js';

export const RENDER_TARGET = { speedup: 100, maxMedianMs: 0.2 } as const;

export interface RenderResult {
  precompiled: Summary;
  /** A console-written message (msg-…): its published version read from the (in-memory) store, then Liquid. */
  consoleMessage: Summary;
  sendTimeMjml: Summary;
  sendTimeMjmlWithText: Summary;
  speedup: number;
  met: boolean;
}

interface Message {
  source: EmailSource;
  language: Language;
}

const sequenceEmails = (): Message[] => {
  const ids = new Set(shippedSequences().flatMap((s) => s.steps.filter((st) => st.channel === 'email').map((st) => st.template)));
  return readEmailSources().filter((s) => ids.has(s.id)).map((source) => ({ source, language: source.language }));
};

/** Times `fn` once per message, round-robin over `messages`, after `warmup` untimed calls. */
const timeEach = async (messages: Message[], warmup: number, iterations: number, fn: (m: Message) => Promise<unknown>): Promise<number[]> => {
  for (let i = 0; i < warmup; i++) await fn(messages[i % messages.length] as Message);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const m = messages[i % messages.length] as Message;
    const started = performance.now();
    await fn(m);
    samples.push(performance.now() - started);
  }
  return samples;
};

export const runRenderBench = async (opts: { iterations?: number; mjmlIterations?: number } = {}): Promise<RenderResult> => {
  const messages = sequenceEmails();
  if (messages.length === 0) throw new Error('No sequence emails found under templates/email');
  const sourceList = loadSourceList();
  const contexts = { en: sampleMergeContext('en'), es: sampleMergeContext('es') };

  // What the worker does: Liquid on the catalog's precompiled subject, preheader, HTML and text.
  const precompiled = (m: Message) => renderEmail(m.source.id, m.language, contexts[m.language]);

  // What a send-time MJML pipeline would do per message: assemble, compile, then Liquid on the fresh HTML.
  const sendTimeMjml = async (m: Message, withText: boolean) => {
    const scope = mergeScope(contexts[m.language]);
    const { html } = await compileMjml(await mjmlDocumentOf(m.source, sourceList));
    const subject = textEngine.parseAndRenderSync(m.source.frontMatter.subject, scope);
    const preheader = textEngine.parseAndRenderSync(m.source.frontMatter.preheader, scope);
    const body = htmlEngine.parseAndRenderSync(html, scope);
    // The plain-text part too, as the build derives it (html-to-text); reported separately.
    const text = withText ? textEngine.parseAndRenderSync(plainTextOf(html), scope) : '';
    return { subject, preheader, body, text };
  };

  // A console-written email with the same words as a shipped one (issue 14), published through the domain.
  const consoleMessage = await consoleMessageFixture('symptoms');
  const console_ = (m: Message) => renderEmail(consoleMessage.id, m.language, contexts[m.language], { published: consoleMessage.published });

  const iterations = opts.iterations ?? 5_000;
  const mjmlIterations = opts.mjmlIterations ?? 70;
  // Interleaved blocks (A B C A B C): drift in machine load touches every case alike.
  const samples = { pre: [] as number[], console: [] as number[], mjml: [] as number[], mjmlText: [] as number[] };
  const rounds = 2;
  for (let round = 0; round < rounds; round++) {
    samples.pre.push(...(await timeEach(messages, round === 0 ? 500 : 50, iterations / rounds, precompiled)));
    samples.console.push(...(await timeEach(messages, round === 0 ? 500 : 50, iterations / rounds, console_)));
    samples.mjml.push(...(await timeEach(messages, round === 0 ? 5 : 1, mjmlIterations / rounds, (m) => sendTimeMjml(m, false))));
    samples.mjmlText.push(...(await timeEach(messages, round === 0 ? 3 : 1, mjmlIterations / rounds, (m) => sendTimeMjml(m, true))));
  }
  const result = {
    precompiled: summarize(samples.pre),
    consoleMessage: summarize(samples.console),
    sendTimeMjml: summarize(samples.mjml),
    sendTimeMjmlWithText: summarize(samples.mjmlText),
  };
  const speedup = result.sendTimeMjml.median / result.precompiled.median;
  const met = speedup >= RENDER_TARGET.speedup && result.precompiled.median < RENDER_TARGET.maxMedianMs;

  const row = (name: string, s: Summary) => ({
    'per message': name,
    runs: s.n,
    'median ms': ms(s.median),
    'p95 ms': ms(s.p95),
    'vs precompiled': ratio(s.median / result.precompiled.median),
  });
  console.log(`\nRender: ${messages.length} sequence emails (${new Set(messages.map((m) => m.source.id)).size} templates × en/es), round-robin\n`);
  console.log(
    formatTable([
      row('precompiled, clinic fields resolved once: Liquid on per-message fields (send worker)', result.precompiled),
      row('console-written msg-…: published version from the store + Liquid', result.consoleMessage),
      row('send-time MJML: assemble + mjml + Liquid', result.sendTimeMjml),
      row('send-time MJML + html-to-text + Liquid', result.sendTimeMjmlWithText),
    ]),
  );
  console.log(
    `\nTarget ≥${RENDER_TARGET.speedup}× faster and < ${RENDER_TARGET.maxMedianMs} ms/email: ` +
      `${ratio(speedup)} faster, ${ms(result.precompiled.median)} ms median → ${met ? 'MET' : 'NOT MET'}`,
  );
  return { ...result, speedup, met };
};
