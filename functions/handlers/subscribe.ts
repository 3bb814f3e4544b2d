/**
 * POST /api/subscribe (JSON or form). Validates, records consent, queues confirmations.
 * The answer is identical for new, existing and suppressed addresses (W4).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../config.js';
import { InvalidInput } from '../domain/core/errors.js';
import { readSignup } from '../domain/signup/SignupForm.js';
import { subscribe } from '../domain/signup/subscribe.js';
import { checkOrigin } from '../http/originCheck.js';
import { pageLanguage } from '../http/pageLanguage.js';
import { isFormPost, readBody } from '../http/readBody.js';
import { requestMeta } from '../http/requestMeta.js';
import { htmlPage, json } from '../http/responses.js';
import { publicRoute } from '../middleware/publicRoute.js';
import { messagePage, SIGNUP_ACCEPTED, signupPage } from '../pages/signupPage.js';
import { domainContext } from '../wiring.js';

/** Form values kept for re-rendering the no-JS page after an error (never stored). */
const lastValues = new WeakMap<APIGatewayProxyEventV2, Record<string, unknown>>();

export const handler = publicRoute(
  async (event) => {
    checkOrigin(event, config().allowedOrigins);
    const body = readBody(event);
    lastValues.set(event, body.value);
    const signup = readSignup(body.value);
    if (!signup.ok) throw new InvalidInput(signup.fields);
    await subscribe(await domainContext(), signup.value, requestMeta(event));
    const lang = signup.value.language;
    if (body.kind === 'form') {
      return htmlPage(202, messagePage(config().clinic, lang, lang === 'es' ? 'Revise su correo o sus mensajes' : 'Check your email or texts', SIGNUP_ACCEPTED[lang]));
    }
    return json(202, { status: 'pending_confirmation', message: SIGNUP_ACCEPTED[lang] });
  },
  {
    rateLimited: true,
    htmlFor: (error, event) => {
      if (!isFormPost(event) || !(error instanceof InvalidInput)) return undefined;
      const values = lastValues.get(event) ?? {};
      const lang = values.language === 'es' ? 'es' : pageLanguage(event);
      return signupPage(config().clinic, lang, { values, fields: error.fields, message: error.message });
    },
  },
);
