/** GET / : the signup page. */
import { config } from '../config.js';
import { issueFormToken } from '../domain/signup/formTimeTrap.js';
import { domainContext } from '../wiring.js';
import { pageLanguage } from '../http/pageLanguage.js';
import { htmlPage } from '../http/responses.js';
import { publicRoute } from '../middleware/publicRoute.js';
import { contentSecurityPolicy } from '../middleware/securityHeaders.js';
import { scriptHash } from '../pages/pageLayout.js';
import { SIGNUP_SCRIPT, signupPage } from '../pages/signupPage.js';

export const handler = publicRoute(async (event) => {
  const d = await domainContext();
  const formToken = issueFormToken(d.tokens, d.clock.now());
  return htmlPage(200, signupPage(config().clinic, pageLanguage(event), { formToken }), {
    'content-security-policy': contentSecurityPolicy([scriptHash(SIGNUP_SCRIPT)]),
  });
});
