/**
 * The messages a sequence step (or a broadcast) may send: the one list the sequence builder
 * offers and the sequence schema checks a step's `template` against (sequenceSchemaFor). The
 * shipped catalog templates of a channel (templates/, minus their own flows: campaignTemplates),
 * and console-written messages (ids `msg-…`) that have a published version: a draft never
 * reaches a patient, and a withdrawn message (withdrawMessage) is offered no more.
 */
import { languages, templateLanguages } from '../../rendering/index.js';
import type { DomainContext } from '../core/domainContext.js';
import type { Channel } from '../core/model.js';
import { campaignTemplates } from './campaignTemplates.js';

export interface MessageChoice {
  /** What a step stores in `template` (^[a-z0-9-]+$). */
  id: string;
  /** What staff see: "Consultation invite", or the console message's name. */
  name: string;
  channel: Channel;
  /** Languages it is written in (en, es). */
  languages: string[];
  /** `shipped`: a file in templates/, read-only; `console`: written and published in the console. */
  source: 'shipped' | 'console';
}

/** "consultation-invite" → "Consultation invite". */
export const messageName = (id: string): string => {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const byName = (a: MessageChoice, b: MessageChoice) => a.name.localeCompare(b.name);

/** Every message a step of `channel` (both channels when absent) may send: shipped ones first, each group by name. */
export const messageChoices = async (deps: Pick<DomainContext, 'store'>, channel?: Channel): Promise<MessageChoice[]> => {
  const channels: Channel[] = channel ? [channel] : ['email', 'sms'];
  const heads = await deps.store.listMessageHeads();
  return channels.flatMap((c) => [
    ...campaignTemplates(c)
      .map((id): MessageChoice => ({ id, name: messageName(id), channel: c, languages: templateLanguages(c, id), source: 'shipped' }))
      .sort(byName),
    ...heads
      .filter((h) => h.channel === c && h.publishedVersion && !h.withdrawnAt)
      .map((h): MessageChoice => ({ id: h.messageId, name: h.name, channel: c, languages: [...languages], source: 'console' }))
      .sort(byName),
  ]);
};
