/**
 * Carries out what a POST to `/u/{token}` asked for. The link names one channel: a one-click
 * unsubscribe stops that channel; the page's own forms can stop either or both, switch the
 * language, or delete the person's data (after a second, explicit confirmation).
 */
import { deletePersonalData } from './deletePersonalData.js';
import type { DomainContext } from '../core/domainContext.js';
import type { Channel, Language } from '../core/model.js';
import type { PreferenceRequest } from './preferenceForm.js';
import { type UnsubscribeLink, unsubscribe } from './unsubscribe.js';

/** What a preferences POST did: channels stopped (and which changed), the language set, a delete asked to be confirmed, or the data deleted. */
export type PreferenceOutcome =
  | { kind: 'unsubscribed'; channels: Channel[]; changed: Channel[] }
  | { kind: 'language'; language: Language }
  | { kind: 'delete-ask' }
  | { kind: 'deleted' };

/** Carries out a verified link's request (`link` from the unsubscribe token); idempotent. */
export const applyPreference = async (deps: DomainContext, link: UnsubscribeLink, request: PreferenceRequest): Promise<PreferenceOutcome> => {
  switch (request.kind) {
    case 'one-click': {
      const changed = await unsubscribe(deps, link, [link.channel], 'one-click');
      return { kind: 'unsubscribed', channels: [link.channel], changed };
    }
    case 'stop': {
      const changed = await unsubscribe(deps, link, request.channels, 'preferences-page');
      return { kind: 'unsubscribed', channels: request.channels, changed };
    }
    case 'language': {
      if (await deps.store.getSubscriber(link.subscriberId, deps.clock.now())) {
        await deps.store.updateSubscriber(link.subscriberId, { language: request.language });
      }
      return { kind: 'language', language: request.language };
    }
    case 'delete-ask':
      return { kind: 'delete-ask' };
    case 'delete':
      await deletePersonalData(deps, link.subscriberId);
      return { kind: 'deleted' };
  }
};
