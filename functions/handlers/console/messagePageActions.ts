/**
 * The message editor's pages (issue 14): one action per message route of handler `adminPages`.
 * Forms become the API's bodies and parse with the same schemas; a bad form comes back (400/409)
 * with each field's error beside it; the live preview answers JSON to messages.js.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApproveMessageBody, CreateMessageBody, MessageContentBody, SaveMessageBody, SubmitMessageBody } from '../../contract/messageSchemas.js';
import type { messageRoutes } from '../../contract/messageRoutes.js';
import { previewTemplate } from '../../domain/console/previewTemplate.js';
import type { DomainContext } from '../../domain/core/domainContext.js';
import { compileMessage } from '../../domain/messages/compileMessage.js';
import { listMessages, messageDetail } from '../../domain/messages/messageList.js';
import { approveMessage } from '../../domain/messages/reviewMessage.js';
import { createMessage, loadHead, saveMessageDraft, submitMessageForReview } from '../../domain/messages/writeMessage.js';
import { withdrawMessage } from '../../domain/messages/withdrawMessage.js';
import { fieldErrorsOf } from '../../domain/core/fieldErrors.js';
import { parseOrInvalid } from '../../http/fieldErrors.js';
import { type HttpResult, json } from '../../http/responses.js';
import type { StaffSession } from '../../middleware/staffRoute.js';
import { authoringAssets } from '../../rendering/authoring.js';
import { CONSOLE_TEMPLATE_PREFIX, emailTemplateIds, languages, smsTemplateIds } from '../../rendering/index.js';
import { EDITOR_SCRIPTS, messageEditorBody, previewStats } from '../../pages/admin/messages/messageEditor.js';
import { formFieldErrors, formValuesOf, saveBodyFromForm } from '../../pages/admin/messages/messageForm.js';
import { messageListBody, shippedMessageBody } from '../../pages/admin/messages/messagePages.js';
import { MAX_MESSAGE_BODY } from './messageApiActions.js';
import { formOf as consoleFormOf, orAgain, page, seeOther } from './consoleResponses.js';

type PageKey<R> = R extends { handler: 'adminPages'; method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
type MessagePageAction = (r: { event: APIGatewayProxyEventV2; s: StaffSession; d: DomainContext; id: string; notice: string | undefined }) => Promise<HttpResult>;

const NOTICES: Record<string, string> = {
  created: 'Message created. Write both languages, save, then submit it for review.',
  saved: 'Draft saved. Patients get nothing until another admin approves it.',
  submitted: 'Submitted for review. Another admin can now approve it.',
  approved: 'Approved and published. Sequences and broadcasts can use this version now.',
  withdrawn: 'Withdrawn. Sequences and broadcasts no longer offer this message; its results stay. Approving a new version publishes it again.',
};

const formOf = (event: APIGatewayProxyEventV2): Record<string, string> => consoleFormOf(event, MAX_MESSAGE_BODY);

const sources = () => Object.entries(authoringAssets.sources.sources).map(([id, s]) => ({ id, title: s.title, organisation: s.organisation }));

const editorPage = async (
  r: { d: DomainContext; s: StaffSession; id: string },
  extra: { values?: Record<string, string>; fields?: Record<string, string>; message?: string; notice?: string } = {},
  status = 200,
) => {
  const detail = await messageDetail(r.d, r.id);
  const values = extra.values ?? formValuesOf(detail.head.name, detail.content);
  const content = MessageContentBody.safeParse(saveBodyFromForm(detail.head.channel, values).content);
  const outcome = content.success ? await compileMessage(content.data, r.d.settings) : undefined;
  const fields = { ...(extra.values && outcome ? outcome.fields : {}), ...(extra.fields ?? {}) };
  return page(
    r.s,
    'messages',
    detail.head.name,
    messageEditorBody({ detail, values, fields, outcome, sources: sources(), actor: r.s.actor, csrf: r.s.csrf, ...(extra.message ? { message: extra.message } : {}), ...(extra.notice ? { notice: extra.notice } : {}) }),
    status,
    EDITOR_SCRIPTS,
  );
};

const listPage = async (r: { d: DomainContext; s: StaffSession }, extra: { values?: Record<string, string>; fields?: Record<string, string>; notice?: string } = {}, status = 200) =>
  page(r.s, 'messages', 'Messages', messageListBody({ rows: await listMessages(r.d), csrf: r.s.csrf, ...extra }), status);

/**
 * A form that acts on the message's current revision (submit for review, withdraw): runs
 * `action`, then redirects with `?done=<done>`; a refusal shows the editor again with its fields.
 */
const onRevision = (
  r: Parameters<MessagePageAction>[0],
  action: (d: DomainContext, actor: StaffSession['actor'], id: string, body: { revision: number }) => Promise<unknown>,
  done: string,
): Promise<HttpResult> =>
  orAgain(
    async () => {
      await action(r.d, r.s.actor, r.id, parseOrInvalid(SubmitMessageBody, { revision: Number(formOf(r.event).revision) }));
      return seeOther(`/admin/messages/${r.id}?done=${done}`);
    },
    (fields, message, status) => editorPage(r, { fields, message }, status),
  );

export const messagePageActions: Record<PageKey<(typeof messageRoutes)[number]>, MessagePageAction> = {
  'GET /admin/messages': (r) => listPage(r, r.notice ? { notice: r.notice } : {}),
  'POST /admin/messages': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        const req = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
        const head = await createMessage(r.d, r.s.actor, parseOrInvalid(CreateMessageBody, req));
        return seeOther(`/admin/messages/${head.messageId}?done=created`);
      },
      (fields, _m, status) => listPage(r, { values: f, fields }, status),
    );
  },
  'GET /admin/messages/{id}': async (r) => {
    if (!r.id.startsWith(CONSOLE_TEMPLATE_PREFIX)) {
      const channel = emailTemplateIds().includes(r.id) ? 'email' : smsTemplateIds().includes(r.id) ? 'sms' : undefined;
      if (!channel) return editorPage(r); // loadHead answers 404
      const previews = await Promise.all(languages.map(async (language) => ({ language, preview: await previewTemplate(r.d, { template: r.id, channel, language }, r.s.actor) })));
      return page(r.s, 'messages', r.id, shippedMessageBody({ id: r.id, channel, previews, csrf: r.s.csrf }));
    }
    const notice = NOTICES[r.event.queryStringParameters?.done ?? ''];
    return editorPage(r, notice ? { notice } : {});
  },
  'POST /admin/messages/{id}': async (r) => {
    const f = formOf(r.event);
    const head = await loadHead(r.d, r.id);
    return orAgain(
      async () => {
        await saveMessageDraft(r.d, r.s.actor, r.id, parseOrInvalid(SaveMessageBody, saveBodyFromForm(head.channel, f)));
        return seeOther(`/admin/messages/${r.id}?done=saved`);
      },
      (fields, message, status) => editorPage(r, { values: f, fields: formFieldErrors(fields), message }, status),
    );
  },
  'POST /admin/messages/{id}/preview': async (r) => {
    const f = formOf(r.event);
    const head = await loadHead(r.d, r.id);
    const parsed = MessageContentBody.safeParse(saveBodyFromForm(head.channel, f).content);
    if (!parsed.success) return json(200, { fields: formFieldErrors(fieldErrorsOf(parsed.error)), previews: [] });
    const outcome = await compileMessage(parsed.data, r.d.settings);
    return json(200, { fields: outcome.fields, previews: outcome.previews.map((p) => ({ ...p, ...previewStats(p) })) });
  },
  'POST /admin/messages/{id}/submit': (r) => onRevision(r, submitMessageForReview, 'submitted'),
  'POST /admin/messages/{id}/approve': async (r) => {
    const f = formOf(r.event);
    return orAgain(
      async () => {
        const req = { revision: Number(f.revision), displayName: f.displayName ?? '', showInEmail: f.showInEmail === 'on', reviewAgainBy: f.reviewAgainBy ?? '' };
        await approveMessage(r.d, r.s.actor, r.id, parseOrInvalid(ApproveMessageBody, req));
        return seeOther(`/admin/messages/${r.id}?done=approved`);
      },
      (fields, message, status) => editorPage(r, { fields, message }, status),
    );
  },
  'POST /admin/messages/{id}/withdraw': (r) => onRevision(r, withdrawMessage, 'withdrawn'),
};
