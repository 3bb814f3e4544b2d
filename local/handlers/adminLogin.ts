/**
 * Local mode's staff sign-in (in AWS, staff sign in with Cognito managed login instead,
 * functions/handlers/console/adminSignIn.ts, which also serves local mode's GET /admin/login form):
 * POST /admin/login for the browser (sets the HttpOnly session cookie, then /admin) and
 * POST /api/admin/login for API clients (a Bearer token). The token carries the claims a
 * Cognito ID token would, so every staff route checks it exactly as it checks Cognito's.
 * Rate-limited per IP; a wrong username or password gets one generic answer.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { signLocalStaffToken } from '../../functions/auth/StaffTokens.js';
import { config } from '../../functions/config.js';
import { LoginBody } from '../../functions/contract/consoleSchemas.js';
import { Unauthenticated } from '../../functions/http/httpErrors.js';
import { parseOrInvalid } from '../../functions/http/fieldErrors.js';
import { checkOrigin } from '../../functions/http/originCheck.js';
import { readBody } from '../../functions/http/readBody.js';
import { json } from '../../functions/http/responses.js';
import { sessionCookie } from '../../functions/http/staffSession.js';
import { publicRoute } from '../../functions/middleware/publicRoute.js';
import { loginPage } from '../../functions/pages/admin/loginPage.js';
import { localRuntime } from '../runtime.js';

const signIn = async (body: unknown) => {
  const { username, password } = parseOrInvalid(LoginBody, body);
  const { staff } = localRuntime();
  const account = staff.verify(username, password);
  if (!account) throw new Unauthenticated();
  return signLocalStaffToken({ key: staff.signingKey, issuer: staff.issuer, audience: staff.audience, username: account.username, groups: account.groups, email: `${account.username}@carecast.local` });
};

const isPage = (event: APIGatewayProxyEventV2) => event.routeKey !== 'POST /api/admin/login';

export const handler = publicRoute(
  async (event) => {
    if (event.routeKey === 'POST /api/admin/login') {
      const { token, expiresIn } = await signIn(readBody(event).value);
      return json(200, { token, tokenType: 'Bearer', expiresIn });
    }
    checkOrigin(event, config().allowedOrigins);
    const { token, expiresIn } = await signIn(readBody(event).value);
    return { statusCode: 303, headers: { location: '/admin', 'set-cookie': sessionCookie(config().mode, token, expiresIn), 'cache-control': 'no-store' }, body: '' };
  },
  {
    rateLimited: true,
    htmlFor: (error, event, status) =>
      isPage(event) ? loginPage(status === 429 ? 'Too many attempts; wait a minute.' : error?.code === 'unauthenticated' ? 'Wrong username or password.' : 'Enter your username and password.') : undefined,
  },
);
