/**
 * Which drip step each message the local endpoints received belongs to, read from the evidence
 * alone (issue 8): an email by its SES tags, a text by matching its body against the SMS template
 * sources. Nothing here asks the code under test what it sent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboxEntry } from '../../local/Outbox.js';

const ROOT = new URL('../../templates/', import.meta.url).pathname;

export interface SeriesStep {
  /** Position in the series: steps go out in this order. */
  index: number;
  id: string;
  channel: 'email' | 'sms';
  template: string;
  /** Ended by a booking (the sequence's `exitGoals.booked`). */
  endedByBooking: boolean;
}

export const seriesSteps = (sequenceId: string): SeriesStep[] => {
  const definition = JSON.parse(readFileSync(join(ROOT, 'sequences', `${sequenceId}.json`), 'utf8')) as {
    steps: { id: string; channel: 'email' | 'sms'; template: string }[];
    exitGoals?: { booked?: { endsSteps: string[] } };
  };
  const ended = new Set(definition.exitGoals?.booked?.endsSteps ?? []);
  return definition.steps.map((s, index) => ({ index, id: s.id, channel: s.channel, template: s.template, endedByBooking: ended.has(s.id) }));
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each text template (both languages; drip only unless `all`) as a pattern over the rendered body. */
const smsPatterns = (all = false): { template: string; pattern: RegExp }[] => {
  const patterns: { template: string; pattern: RegExp }[] = [];
  for (const lang of readdirSync(join(ROOT, 'sms'))) {
    for (const file of readdirSync(join(ROOT, 'sms', lang))) {
      const source = readFileSync(join(ROOT, 'sms', lang, file), 'utf8');
      const front = /^---\n([\s\S]*?)\n---\n/.exec(source);
      if (!front || (!all && !/kind:\s*drip/.test(front[1] ?? ''))) continue;
      const body = source.slice(front[0].length).trim();
      const parts = body.split(/\{\{[^}]*\}\}/).map(escape);
      patterns.push({ template: file.replace(/\.txt$/, ''), pattern: new RegExp(`^${parts.join('[\\s\\S]*?')}$`) });
    }
  }
  return patterns;
};

export interface DeliveredStep {
  stepId: string;
  channel: 'email' | 'sms';
  to: string;
  sentAt: string;
  /** Email only: the opaque tag the worker put on the message (O10). */
  sendId?: string;
  providerMessageId: string;
}

/** The drip messages in `entries`, with the step each one is; system messages are left out. */
export const deliveredSteps = (entries: OutboxEntry[], sequenceId: string): DeliveredStep[] => {
  const steps = seriesSteps(sequenceId);
  const smsStepOf = new Map(steps.filter((s) => s.channel === 'sms').map((s) => [s.template, s.id]));
  const patterns = smsPatterns();
  const out: DeliveredStep[] = [];
  for (const e of entries) {
    if (e.channel === 'email') {
      if (e.tags?.sequence !== sequenceId || !e.tags.step) continue;
      out.push({ stepId: e.tags.step, channel: 'email', to: e.to, sentAt: e.sentAt, providerMessageId: e.id, ...(e.tags.sendId ? { sendId: e.tags.sendId } : {}) });
    } else {
      const template = patterns.find((p) => p.pattern.test((e.body ?? '').trim()))?.template;
      const stepId = template && smsStepOf.get(template);
      if (stepId) out.push({ stepId, channel: 'sms', to: e.to, sentAt: e.sentAt, providerMessageId: e.id });
    }
  }
  return out;
};

/**
 * Texts the SMS endpoint received that match no text template's source at all. Texts carry no
 * send id, so the audit knows a text's step only by its words: a rendered text that drifted from
 * templates/sms (a stale build/templates catalog, a template edited mid-run) would make its steps
 * look lost while their outbox rows say SENT. This count tells that artefact from a real loss.
 */
export const unattributedTexts = (entries: OutboxEntry[]): OutboxEntry[] => {
  const patterns = smsPatterns(true);
  return entries.filter((e) => e.channel === 'sms' && !patterns.some((p) => p.pattern.test((e.body ?? '').trim())));
};
