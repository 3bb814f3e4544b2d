/** The JSON API of the message editor (issue 14): one action per message route of handler `adminApi`. */
import { ApproveMessageBody, CreateMessageBody, MessageContentBody, SaveMessageBody, SubmitMessageBody } from '../../contract/messageSchemas.js';
import type { messageRoutes } from '../../contract/messageRoutes.js';
import { compileMessage } from '../../domain/messages/compileMessage.js';
import { listMessages, messageDetail } from '../../domain/messages/messageList.js';
import { approveMessage } from '../../domain/messages/reviewMessage.js';
import { createMessage, loadHead, saveMessageDraft, submitMessageForReview } from '../../domain/messages/writeMessage.js';
import { withdrawMessage } from '../../domain/messages/withdrawMessage.js';
import { UnsupportedMediaType } from '../../http/httpErrors.js';
import { parseOrInvalid } from '../../http/fieldErrors.js';
import { readBody } from '../../http/readBody.js';
import { type HttpResult, json } from '../../http/responses.js';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { DomainContext } from '../../domain/core/domainContext.js';
import type { StaffActor } from '../../domain/ports/staff/auditLog.js';

/** The same request apiActions.ts passes (declared here too: importing it back would be a cycle). */
type ApiAction = (r: { event: APIGatewayProxyEventV2; actor: StaffActor; d: DomainContext; id: string }) => Promise<HttpResult>;

/** Two languages of email copy run to a few tens of kB; Gmail's clip (102 KB) is checked on the compiled HTML (bytes). */
export const MAX_MESSAGE_BODY = 256 * 1024;

type ApiKey<R> = R extends { handler: 'adminApi'; method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;

const body = (event: APIGatewayProxyEventV2): unknown => {
  const b = readBody(event, MAX_MESSAGE_BODY);
  if (b.kind !== 'json') throw new UnsupportedMediaType();
  return b.value;
};

export const messageApiActions: Record<ApiKey<(typeof messageRoutes)[number]>, ApiAction> = {
  'GET /api/admin/messages': async ({ d }) => json(200, await listMessages(d)),
  'POST /api/admin/messages': async ({ event, actor, d }) => json(201, await createMessage(d, actor, parseOrInvalid(CreateMessageBody, body(event)))),
  'GET /api/admin/messages/{id}': async ({ d, id }) => json(200, await messageDetail(d, id)),
  'POST /api/admin/messages/{id}/draft': async ({ event, actor, d, id }) => json(200, await saveMessageDraft(d, actor, id, parseOrInvalid(SaveMessageBody, body(event)))),
  'POST /api/admin/messages/{id}/preview': async ({ event, d, id }) => {
    await loadHead(d, id);
    return json(200, await compileMessage(parseOrInvalid(MessageContentBody, body(event)), d.settings));
  },
  'POST /api/admin/messages/{id}/submit': async ({ event, actor, d, id }) => json(200, await submitMessageForReview(d, actor, id, parseOrInvalid(SubmitMessageBody, body(event)))),
  'POST /api/admin/messages/{id}/approve': async ({ event, actor, d, id }) => json(201, await approveMessage(d, actor, id, parseOrInvalid(ApproveMessageBody, body(event)))),
  'POST /api/admin/messages/{id}/withdraw': async ({ event, actor, d, id }) => json(200, await withdrawMessage(d, actor, id, parseOrInvalid(SubmitMessageBody, body(event)))),
};
