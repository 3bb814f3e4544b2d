/** GET / : the signup page; `?sent=email|sms` is the page a signup form post is redirected to (303, POST/redirect/GET). */
import { issueFormToken } from '../../domain/signup/formTimeTrap.js';
import { domainContext, clinicInForce } from '../../wiring.js';
import { pageLanguage } from '../../http/pageLanguage.js';
import { htmlPage } from '../../http/responses.js';
import { publicRoute } from '../../middleware/publicRoute.js';
import { contentSecurityPolicy } from '../../middleware/securityHeaders.js';
import { scriptHash } from '../../pages/pageLayout.js';
import { messagePage, SIGNUP_SCRIPT, signupAcceptedMessage, signupPage } from '../../pages/signupPage.js';

export const handler = publicRoute(async (event) => {
  const d = await domainContext();
  const sent = event.queryStringParameters?.sent;
  if (sent === 'email' || sent === 'sms') {
    const lang = pageLanguage(event);
    const title = lang === 'es' ? 'Revise su correo o sus mensajes' : 'Check your email or texts';
    return htmlPage(200, messagePage((await clinicInForce()), lang, title, signupAcceptedMessage(lang, sent === 'sms')), { 'cache-control': 'no-store' });
  }
  const formToken = issueFormToken(d.tokens, d.clock.now());
  return htmlPage(200, signupPage((await clinicInForce()), pageLanguage(event), { formToken }), {
    'content-security-policy': contentSecurityPolicy([scriptHash(SIGNUP_SCRIPT)]),
  });
});
