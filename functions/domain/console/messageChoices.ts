/**
 * The messages staff may choose for a sequence step or a broadcast on a channel: the shipped
 * campaign templates, and console-written messages that have a published version (a draft
 * never reaches a patient).
 */
import { languages } from '../../rendering/index.js';
import type { DomainContext } from '../core/domainContext.js';
import type { Channel } from '../core/model.js';
import { campaignTemplates } from './campaignTemplates.js';

export interface MessageChoice {
  id: string;
  name: string;
  channel: Channel;
  languages: string[];
  source: 'shipped' | 'console';
}

export const messageChoices = async (deps: Pick<DomainContext, 'store'>, channel: Channel): Promise<MessageChoice[]> => {
  const shipped = campaignTemplates(channel).map((id): MessageChoice => ({ id, name: id, channel, languages: [...languages], source: 'shipped' }));
  const published = (await deps.store.listMessageHeads())
    .filter((h) => h.channel === channel && h.publishedVersion)
    .map((h): MessageChoice => ({ id: h.messageId, name: h.name, channel, languages: [...languages], source: 'console' }));
  return [...shipped, ...published];
};
