/**
 * POST /api/subscribe (JSON or form). Validates, records consent, queues confirmations.
 * The answer is identical for new, existing and suppressed addresses (W4). A form post answers
 * 303 to a GET page (POST/redirect/GET: a refresh re-posts nothing); an expired or missing form
 * token, or one sent back too soon after the page opened (autofill), gives the form back with a fresh
token and the input kept (issues 11, 12); JSON gets 400 `form_expired` / `form_too_fast`.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../../config.js';
import { FormExpired, FormTooFast, InvalidInput } from '../../domain/core/errors.js';
import { issueFormToken } from '../../domain/signup/formTimeTrap.js';
import { readSignup } from '../../domain/signup/SignupForm.js';
import { subscribe } from '../../domain/signup/subscribe.js';
import { checkOrigin } from '../../http/originCheck.js';
import { pageLanguage } from '../../http/pageLanguage.js';
import { isFormPost, readBody } from '../../http/readBody.js';
import { requestMeta } from '../../http/requestMeta.js';
import { json } from '../../http/responses.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { signupAcceptedMessage, signupPage } from '../../pages/signupPage.js';
import { domainContext } from '../../wiring.js';

/** Form values kept for re-rendering the no-JS page after an error (never stored). */
const lastValues = new WeakMap<APIGatewayProxyEventV2, Record<string, unknown>>();
/** A fresh form token for a page given back (the old one expired, or was sent back too soon). */
const freshTokens = new WeakMap<APIGatewayProxyEventV2, string>();

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
      if (!isFormPost(event) || !(error instanceof InvalidInput || error instanceof FormExpired || error instanceof FormTooFast)) return undefined;
      const values = lastValues.get(event) ?? {};
      const lang = values.language === 'es' ? 'es' : pageLanguage(event);
      const formToken = freshTokens.get(event);
      return signupPage(config().clinic, lang, { values, fields: error.fields, message: error.message, ...(formToken ? { formToken } : {}) });
    },
  },
);
