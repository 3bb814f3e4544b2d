/** What a console page action receives and returns (pageActions.ts and its parts). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { DomainContext } from '../../domain/core/domainContext.js';
import type { HttpResult } from '../../http/responses.js';
import type { StaffSession } from '../../middleware/staffRoute.js';

/** What every page action receives: the event, the verified session, the domain, the path id and the `?done=` notice. */
export interface PageRequest {
  event: APIGatewayProxyEventV2;
  s: StaffSession;
  d: DomainContext;
  id: string;
  notice: string | undefined;
}
export type PageAction = (r: PageRequest) => Promise<HttpResult>;
