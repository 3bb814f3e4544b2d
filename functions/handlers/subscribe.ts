/**
 * POST /api/subscribe (JSON or form). Validates, records consent, queues confirmations.
 * The answer is identical for new, existing and suppressed addresses (W4). A form post answers
 * 303 to a GET page (POST/redirect/GET: a refresh re-posts nothing); an expired or missing form
 * token, or one sent back too soon after the page opened (autofill), gives the form back with a fresh
token and the input kept (issues 11, 12); JSON gets 400 `form_expired` / `form_too_fast`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../config.js';
import type { DomainContext } from '../domain/core/domainContext.js';
import { FormExpired, FormTooFast, InvalidInput } from '../domain/core/errors.js';
import { issueFormToken, MIN_FILL_SECONDS } from '../domain/signup/formTimeTrap.js';
import { readSignup } from '../domain/signup/SignupForm.js';
import { subscribe } from '../domain/signup/subscribe.js';
import { TemporarilyUnavailable } from '../http/httpErrors.js';
import { checkOrigin } from '../http/originCheck.js';
import { isTransientFault, transientRetryAfterSeconds } from '../http/transientFault.js';
import { pageLanguage } from '../http/pageLanguage.js';
import { isFormPost, readBody } from '../http/readBody.js';
import { requestMeta } from '../http/requestMeta.js';
import { json } from '../http/responses.js';
import { publicRoute } from '../middleware/publicRoute.js';
import { signupAcceptedMessage, signupPage } from '../pages/signupPage.js';
import { domainContext } from '../wiring.js';

const TRY_AGAIN = {
  en: 'Sorry, we could not save your signup just now; please try again in a moment. What you typed is still here.',
  es: 'Lo sentimos, no pudimos guardar su inscripción en este momento; inténtelo de nuevo en un momento. Lo que escribió sigue aquí.',
} as const;

/** Form values kept for re-rendering the no-JS page after an error (never stored). */
const lastValues = new WeakMap<APIGatewayProxyEventV2, Record<string, unknown>>();
/** A fresh form token for a page given back (the old one expired, or was sent back too soon). */
const freshTokens = new WeakMap<APIGatewayProxyEventV2, string>();

/**
 * A fault past the retry budget may strike after the single-use form token was claimed (issue 12),
 * so pressing again with the old one would be taken for a replay and silently dropped. The page
 * given back (and the JSON answer, in the `x-form-token` header) carries a fresh token, dated
 * MIN_FILL_SECONDS back: this person already filled the form at human pace.
 */
const retryWithFreshToken = (event: APIGatewayProxyEventV2, d: DomainContext): TemporarilyUnavailable => {
  const formToken = issueFormToken(d.tokens, new Date(d.clock.now().getTime() - MIN_FILL_SECONDS * 1000));
  freshTokens.set(event, formToken);
  return new TemporarilyUnavailable(transientRetryAfterSeconds, formToken);
};

export const handler = publicRoute(
  async (event) => {
    checkOrigin(event, config().allowedOrigins);
    const body = readBody(event);
    lastValues.set(event, body.value);
    const d = await domainContext();
    const signup = readSignup(body.value, config().clinic.timezone);
    if (!signup.ok) throw new InvalidInput(signup.fields);
    try {
      await subscribe(d, signup.value, requestMeta(event));
    } catch (err) {
      if (err instanceof FormExpired || err instanceof FormTooFast) freshTokens.set(event, issueFormToken(d.tokens, d.clock.now()));
      if (isTransientFault(err)) throw retryWithFreshToken(event, d);
      throw err;
    }
    const lang = signup.value.language;
    const withSms = Boolean(signup.value.phone);
    if (body.kind === 'form') {
      return { statusCode: 303, headers: { location: `/?sent=${withSms ? 'sms' : 'email'}&lang=${lang}`, 'cache-control': 'no-store' }, body: '' };
    }
    return json(202, { status: 'pending_confirmation', message: signupAcceptedMessage(lang, withSms) });
  },
  {
    rateLimited: true,
    htmlFor: (error, event) => {
      const kept = error instanceof InvalidInput || error instanceof FormExpired || error instanceof FormTooFast || error instanceof TemporarilyUnavailable;
      if (!isFormPost(event) || !kept) return undefined;
      const values = lastValues.get(event) ?? {};
      const lang = values.language === 'es' ? 'es' : pageLanguage(event);
      const formToken = freshTokens.get(event);
      // Issue 16: a fault on our side gives the form back as typed, with a "please try again".
      if (error instanceof TemporarilyUnavailable) return signupPage(config().clinic, lang, { values, message: TRY_AGAIN[lang], ...(formToken ? { formToken } : {}) });
      return signupPage(config().clinic, lang, { values, fields: error.fields, message: error.message, ...(formToken ? { formToken } : {}) });
    },
  },
);
