/** The message list: shipped templates beside console-written ones, copies of shipped words, and the review-again flag. */
import { describe, expect, it } from 'vitest';
import { listMessages, messageDetail } from '../../../../functions/domain/messages/messageList.js';
import { approveMessage } from '../../../../functions/domain/messages/reviewMessage.js';
import { createMessage, saveMessageDraft, submitMessageForReview } from '../../../../functions/domain/messages/writeMessage.js';
import { InvalidInput } from '../../../../functions/domain/core/errors.js';
import { memoryDomain } from '../../../support/memoryDomain.js';

const writer = { sub: 'u-w', name: 'writer', role: 'staff' as const };
const reviewer = { sub: 'u-r', name: 'reviewer', role: 'admin' as const };

describe('message list', () => {
  it('opens a copy of a shipped text with its words, minus the fixed clinic name and STOP line, and saves it', async () => {
    const m = memoryDomain();
    const head = await createMessage(m.ctx, writer, { name: 'My self-care text', channel: 'sms', copyOf: 'self-care' });
    const detail = await messageDetail(m.ctx, head.messageId);
    expect(detail.content).toEqual({
      channel: 'sms',
      copy: {
        en: { body: 'Thinking of doing stretches or exercises? Do only the ones your clinician or physical therapist approved.' },
        es: { body: expect.stringMatching(/^¿Piensa hacer estiramientos/) },
      },
    });
    const saved = await saveMessageDraft(m.ctx, writer, head.messageId, { revision: head.revision, name: head.name, content: detail.content as never });
    expect(saved.draft?.compiled.channel).toBe('sms');
  });

  it('opens a copy of a shipped email with subject, preheader, Markdown body, button and sources', async () => {
    const m = memoryDomain();
    const head = await createMessage(m.ctx, writer, { name: 'Symptoms, our words', channel: 'email', copyOf: 'symptoms' });
    const { content } = await messageDetail(m.ctx, head.messageId);
    if (content?.channel !== 'email') throw new Error('expected email content');
    expect(content.sources).toEqual(['S1', 'S2', 'S3', 'S4', 'S11']);
    expect(content.copy.en).toMatchObject({ subject: 'Cervical dystonia: common signs and symptoms', ctaLabel: 'Request a consultation', ctaLink: '{{ links.booking }}' });
    expect(content.copy.en.body).toMatch(/^# Common signs and symptoms\n/);
    expect(content.copy.en.body).toMatch(/\n## Pain and other signs\n/);
  });

  it('refuses to copy a template that is not shipped on that channel', async () => {
    const m = memoryDomain();
    await expect(createMessage(m.ctx, writer, { name: 'x', channel: 'sms', copyOf: 'symptoms' })).rejects.toBeInstanceOf(InvalidInput);
  });

  it('lists console messages with their state, then every shipped template, and flags a passed review-again date', async () => {
    const m = memoryDomain('2026-03-02T17:00:00.000Z');
    const head = await createMessage(m.ctx, writer, { name: 'Winter text', channel: 'sms' });
    const content = { channel: 'sms' as const, copy: { en: { body: 'Keep warm this winter.' }, es: { body: 'Abríguese este invierno.' } } };
    const saved = await saveMessageDraft(m.ctx, writer, head.messageId, { revision: 1, name: 'Winter text', content });
    expect((await listMessages(m.ctx))[0]).toMatchObject({ id: head.messageId, status: 'draft', source: 'console', reviewOverdue: false });
    const submitted = await submitMessageForReview(m.ctx, writer, head.messageId, { revision: saved.revision });
    await approveMessage(m.ctx, reviewer, head.messageId, { revision: submitted.revision, displayName: 'Ana Ruiz, MD', showInEmail: false, reviewAgainBy: '2026-06-30' });

    const rows = await listMessages(m.ctx);
    expect(rows[0]).toMatchObject({ id: head.messageId, status: 'published', publishedVersion: 1, reviewAgainBy: '2026-06-30', reviewOverdue: false });
    expect(rows.filter((r) => r.source === 'shipped').map((r) => r.id)).toEqual(expect.arrayContaining(['symptoms', 'welcome', 'self-care']));

    m.setNow('2026-07-01T17:00:00.000Z'); // 10:00 in Los Angeles, the day after
    expect((await listMessages(m.ctx))[0]).toMatchObject({ reviewOverdue: true });
  });
});
