/**
 * A console-written email (issue 14) for the render benchmark: shipped sequence emails' words
 * (both languages) saved, submitted and approved through the domain on the in-memory store, so
 * the send path renders it the way the worker does: the published, compiled version from the
 * store (one read), then Liquid. Build-time work (Markdown, MJML) happens here, untimed.
 */
import { createMemoryStore } from '../functions/adapters/memory/createMemoryStore.js';
import type { DomainContext } from '../functions/domain/core/domainContext.js';
import { publishedTemplates } from '../functions/domain/messages/publishedTemplates.js';
import { approveMessage } from '../functions/domain/messages/reviewMessage.js';
import { shippedCopy } from '../functions/domain/messages/shippedCopy.js';
import { createMessage, saveMessageDraft, submitMessageForReview } from '../functions/domain/messages/writeMessage.js';
import type { PublishedTemplateLookup } from '../functions/rendering/index.js';
import { loadDefaultClinicProfile } from '../functions/rendering/clinicProfile.js';

// The shipped Spanish copy greets with an {% if %} the editor does not offer; the editor's equivalent.
const editorGreeting = (body: string) => body.replace(/\{%\s*if subscriber\.firstName\s*%\}, \{\{ subscriber\.firstName \}\}\{%\s*endif\s*%\}/g, "{{ subscriber.firstName | default: '' }}");

export const consoleMessageFixture = async (template: string): Promise<{ id: string; published: PublishedTemplateLookup }> => {
  const { store } = createMemoryStore();
  const clinic = loadDefaultClinicProfile();
  const deps = {
    store,
    clock: { now: () => new Date('2026-03-02T17:00:00.000Z') },
    settings: { clinic, publicBaseUrl: 'https://carecast.example', fromAddress: 'x@carecast.example', defaultSequenceId: 'cervical-dystonia', bookingInbox: 'b@carecast.example' },
  } as unknown as DomainContext;
  const content = shippedCopy('email', template);
  if (content?.channel !== 'email') throw new Error(`No shipped email ${template}`);
  for (const l of ['en', 'es'] as const) content.copy[l].body = editorGreeting(content.copy[l].body);
  const writer = { sub: 'bench-writer', name: 'writer', role: 'admin' as const };
  const head = await createMessage(deps, writer, { name: `Bench ${template}`, channel: 'email' });
  const saved = await saveMessageDraft(deps, writer, head.messageId, { revision: head.revision, name: head.name, content });
  const submitted = await submitMessageForReview(deps, writer, head.messageId, { revision: saved.revision });
  await approveMessage(deps, { sub: 'bench-reviewer', name: 'reviewer', role: 'admin' }, head.messageId, { revision: submitted.revision, displayName: 'Ana Ruiz, MD', showInEmail: true, reviewAgainBy: '2027-03-01' });
  return { id: head.messageId, published: publishedTemplates(store) };
};
