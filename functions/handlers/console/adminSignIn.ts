/**
 * GET /admin/login and GET /admin/callback: the staff console's browser sign-in.
 *
 * AWS: Cognito managed login with the authorization code grant and PKCE (functions/auth/
 * CognitoLogin.ts). The callback checks `state` against the login cookie, redeems the code,
 * verifies the ID token with the same checks every staff route makes (issuer, audience, expiry,
 * signature, `cognito:groups`: StaffTokens.ts), and only then sets the session cookie.
 *
 * The session cookie is SameSite=Strict, and the callback is reached by a redirect that
 * Cognito's page started, so a 303 to /admin would still be a cross-site navigation and the
 * browser would withhold the new cookie. The callback therefore answers a small page that moves
 * on to /admin itself (meta refresh: a same-site navigation, allowed by the console's CSP).
 *
 * Local mode: GET /admin/login is the local username/password form (posted to
 * local/handlers/adminLogin.ts); there is no callback.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type CognitoLoginSettings, checkCallback, clearedLoginCookie, redeemCode, secondsLeft, startLogin } from '../../auth/cognitoLogin.js';
import { config } from '../../config.js';
import { type DomainError, InvalidInput, NotFound } from '../../domain/core/errors.js';
import { type HttpResult, htmlPage } from '../../http/responses.js';
import { sessionCookie } from '../../http/staffSession.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { staffVerifier } from '../../middleware/staffRoute.js';
import { adminMessagePage } from '../../pages/admin/adminLayout.js';
import { loginPage } from '../../pages/admin/loginPage.js';

/** Cognito settings, or NotFound when this deployment has no browser sign-in configured. */
const cognito = (): CognitoLoginSettings => {
  const c = config();
  const { loginUrl, clientId, callbackUrl } = c.staff;
  if (c.mode !== 'aws' || !loginUrl || !clientId) throw new NotFound('sign-in');
  return { loginUrl, clientId, callbackUrl, timeoutMs: c.providerTimeoutMs };
};

const signedInPage = (): string =>
  adminMessagePage('Signed in', 'Opening the console…', { href: '/admin', text: 'Continue to the console' }).replace(
    '<meta charset="utf-8">',
    '<meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/admin">',
  );

const callback = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  const settings = cognito();
  if (event.queryStringParameters?.error) throw new InvalidInput({ error: 'sign-in was cancelled or refused' }, 'Sign-in did not complete; start again.');
  const checked = checkCallback(event);
  if (!checked) throw new InvalidInput({ state: 'does not match this browser' }, 'This sign-in expired or was started in another browser; start again.');
  const idToken = await redeemCode(settings, checked.code, checked.verifier);
  await staffVerifier().verify(idToken);
  return {
    ...htmlPage(200, signedInPage()),
    cookies: [sessionCookie(config().mode, idToken, secondsLeft(idToken)), clearedLoginCookie],
  };
};

const route = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  if (event.routeKey === 'GET /admin/callback') return callback(event);
  if (config().mode === 'local') return htmlPage(200, loginPage());
  const { location, cookie } = startLogin(cognito());
  return { statusCode: 302, headers: { location, 'set-cookie': cookie, 'cache-control': 'no-store' }, body: '' };
};

const ERROR_PAGES: Record<string, [string, string]> = {
  invalid_input: ['Sign-in expired', 'This sign-in expired, was cancelled, or was started in another browser.'],
  unauthenticated: ['Sign-in failed', 'Cognito did not confirm the sign-in. Please start again.'],
  forbidden: ['Not allowed', 'You are signed in, but your account is not in a staff group. Ask an administrator.'],
  not_found: ['Not found', 'There is nothing here.'],
  rate_limited: ['Too many attempts', 'Wait a minute, then try again.'],
};

export const handler = publicRoute(route, {
  rateLimited: true,
  htmlFor: (error: DomainError | undefined, _event, status) => {
    const [title, text] = (error && ERROR_PAGES[error.code]) ?? [status >= 500 ? 'Something went wrong' : 'That did not work', 'Please try again later.'];
    return adminMessagePage(title, text, { href: '/admin/login', text: 'Sign in again' });
  },
});
