/** SES notifications translated into the domain's words at the edge (O3, R9), from the AWS-shaped samples. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSesNotification, sesEventKey } from '../../../functions/adapters/aws/sesNotification.js';

const sample = (name: string) => readFileSync(new URL(`../../fixtures/ses/${name}.json`, import.meta.url), 'utf8');
const SNS_ID = '95df01b4-ee98-5cb9-9903-4c221d41eb5e';

describe('parseSesNotification', () => {
  it.each([
    { name: 'bounce-permanent', kind: 'bounced', bounceType: 'permanent', at: '2017-08-05T00:41:02.669Z' },
    { name: 'bounce-transient', kind: 'bounced', bounceType: 'transient', at: '2017-08-05T00:41:02.669Z' },
    { name: 'complaint', kind: 'complained', bounceType: undefined, at: '2017-08-05T00:41:02.669Z' },
    { name: 'delivery', kind: 'delivered', bounceType: undefined, at: '2016-10-19T23:21:04.133Z' },
    { name: 'send', kind: 'accepted', bounceType: undefined, at: '2016-10-14T05:02:16.645Z' },
    { name: 'reject', kind: 'rejected', bounceType: undefined, at: '2016-10-14T17:38:15.211Z' },
    { name: 'delivery-delay', kind: 'delayed', bounceType: undefined, at: '2020-06-16T00:25:40.914Z' },
  ])('reads the $name sample', ({ name, kind, bounceType, at }) => {
    const r = parseSesNotification(SNS_ID, sample(name));

    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feedback).toMatchObject({
      kind,
      providerMessageId: 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
      sendId: 'EXAMPLEsendId0000000000000000000',
      recipients: ['recipient@example.com'],
      at,
    });
    expect(r.feedback.bounceType).toBe(bounceType);
    expect(r.feedback.feedbackId).toBe(sesEventKey(r.feedback.providerMessageId, r.eventType, ['recipient@example.com'], at));
  });

  it('keys on the SES event, not the SNS envelope: one event under two SNS ids has one key (R9)', () => {
    const a = parseSesNotification(SNS_ID, sample('bounce-transient'));
    const b = parseSesNotification('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', sample('bounce-transient'));

    expect(a.ok && b.ok && a.feedback.feedbackId === b.feedback.feedbackId).toBe(true);
  });

  it.each([
    { case: 'another event time', edit: (n: Record<string, any>) => (n.bounce.timestamp = '2017-08-05T00:42:00.000Z') },
    { case: 'another message', edit: (n: Record<string, any>) => (n.mail.messageId = 'EXAMPLE-other-message') },
    { case: 'another recipient', edit: (n: Record<string, any>) => (n.bounce.bouncedRecipients[0].emailAddress = 'other@example.com') },
    { case: 'another event type', edit: (n: Record<string, any>) => (n.eventType = 'Complaint') && (n.complaint = { complainedRecipients: n.bounce.bouncedRecipients, timestamp: n.bounce.timestamp }) },
  ])('gives $case another key', ({ edit }) => {
    const n = JSON.parse(sample('bounce-transient'));
    edit(n);
    const a = parseSesNotification(SNS_ID, sample('bounce-transient'));
    const b = parseSesNotification(SNS_ID, JSON.stringify(n));

    expect(a.ok && b.ok && a.feedback.feedbackId !== b.feedback.feedbackId).toBe(true);
  });

  it.each([
    { type: 'Permanent', sub: 'General', want: 'permanent' },
    { type: 'Permanent', sub: 'OnAccountSuppressionList', want: 'permanent' },
    { type: 'Transient', sub: 'MailboxFull', want: 'transient' },
    { type: 'Transient', sub: 'ContentRejected', want: 'transient' },
    { type: 'Undetermined', sub: 'Undetermined', want: 'undetermined' },
    { type: 'SomethingNew', sub: 'General', want: 'undetermined' },
  ])('reads bounceType $type / $sub', ({ type, sub, want }) => {
    const b = JSON.parse(sample('bounce-permanent'));
    b.bounce.bounceType = type;
    b.bounce.bounceSubType = sub;

    const r = parseSesNotification(SNS_ID, JSON.stringify(b));

    expect(r.ok && r.feedback).toMatchObject({ bounceType: want, bounceSubType: sub });
  });

  it.each([
    { given: 'abuse', want: 'abuse' },
    { given: 'not-spam', want: 'not-spam' },
    { given: 'Not-Spam', want: 'not-spam' },
  ])('reads complaintFeedbackType $given', ({ given, want }) => {
    const c = JSON.parse(sample('complaint'));
    c.complaint.complaintFeedbackType = given;

    const r = parseSesNotification(SNS_ID, JSON.stringify(c));

    expect(r.ok && r.feedback.complaintType).toBe(want);
  });

  it('reads the subscriber tag the mailer sets, and drops one that is not an id', () => {
    const d = JSON.parse(sample('delivery'));
    d.mail.tags.subscriber = ['3f2b8c1e-7d4a-4e8b-9c0d-1a2b3c4d5e6f'];
    const bad = JSON.parse(sample('delivery'));
    bad.mail.tags.subscriber = ['a@b.c'];

    expect(parseSesNotification(SNS_ID, JSON.stringify(d))).toMatchObject({ ok: true, feedback: { subscriberId: '3f2b8c1e-7d4a-4e8b-9c0d-1a2b3c4d5e6f' } });
    const r = parseSesNotification(SNS_ID, JSON.stringify(bad));
    expect(r.ok && r.feedback.subscriberId).toBeUndefined();
  });

  it('reads identity notifications (notificationType) too', () => {
    const legacy = JSON.parse(sample('bounce-permanent'));
    legacy.notificationType = legacy.eventType;
    delete legacy.eventType;

    const r = parseSesNotification(SNS_ID, JSON.stringify(legacy));

    expect(r.ok && r.feedback.kind).toBe('bounced');
  });

  it('drops a sendId tag that is not one of ours', () => {
    const b = JSON.parse(sample('delivery'));
    b.mail.tags.sendId = ['<script>'];

    const r = parseSesNotification(SNS_ID, JSON.stringify(b));

    expect(r.ok && r.feedback.sendId).toBeUndefined();
  });

  it('ignores event types it does not act on', () => {
    expect(parseSesNotification(SNS_ID, sample('open'))).toEqual({ ok: false, reason: 'ignored', eventType: 'Open' });
  });

  it.each([
    { case: 'not JSON', id: SNS_ID, message: 'not json' },
    { case: 'JSON that is not an object', id: SNS_ID, message: '[1,2]' },
    { case: 'no mail object', id: SNS_ID, message: '{"eventType":"Bounce"}' },
    { case: 'a bounce without its details', id: SNS_ID, message: '{"eventType":"Bounce","mail":{"messageId":"m"}}' },
    { case: 'no event type', id: SNS_ID, message: '{"mail":{"messageId":"m"}}' },
    { case: 'an empty notification id', id: '', message: sample('complaint') },
    { case: 'a notification id with odd characters', id: 'a b/c', message: sample('complaint') },
  ])('calls $case malformed', ({ id, message }) => {
    expect(parseSesNotification(id, message)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
