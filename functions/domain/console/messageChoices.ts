/**
 * The messages a sequence step may send: the one list the sequence builder offers and the
 * sequence schema checks a step's `template` against (sequenceSchemaFor). Today these are the
 * shipped catalog templates of a channel (templates/, minus their own flows: campaignTemplates);
 * messages written in the console (ids `msg-…`) join the list once published.
 */
import type { Channel } from '../core/model.js';
import type { DomainContext } from '../core/domainContext.js';
import { languages, templateLanguages } from '../../rendering/index.js';
import { campaignTemplates } from './campaignTemplates.js';

export interface MessageChoice {
  /** What a step stores in `template` (^[a-z0-9-]+$). */
  id: string;
  /** What staff see: "Consultation invite". */
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

const shipped = (channel: Channel): MessageChoice[] =>
  campaignTemplates(channel).map((id) => ({ id, name: messageName(id), channel, languages: templateLanguages(channel, id), source: 'shipped' as const }));

/**
 * Every message a step of `channel` (both channels when absent) may send, sorted by channel then name.
 * `ctx` is for the messages kept in the store (console-written, published).
 */
export const messageChoices = async (ctx: Pick<DomainContext, 'store'>, channel?: Channel): Promise<MessageChoice[]> => {
  const channels: Channel[] = channel ? [channel] : ['email', 'sms'];
  const heads = await ctx.store.listMessageHeads();
  const published = (c: Channel): MessageChoice[] =>
    heads
      .filter((h) => h.channel === c && h.publishedVersion)
      .map((h) => ({ id: h.messageId, name: h.name, channel: c, languages: [...languages], source: 'console' as const }));
  return channels.flatMap((c) => [...shipped(c), ...published(c)].sort((a, b) => a.name.localeCompare(b.name)));
};
