/**
 * /admin: the staff console's server-rendered pages. One action per route (console/pageActions.ts,
 * keyed by the route keys of contract/routes.ts); staffRoute authenticates, checks the role and
 * CSRF, and renders errors as console pages.
 */
import { NotFound } from '../../domain/core/errors.js';
import { staffRoute } from '../../middleware/staffRoute.js';
import { ERROR_PAGES } from '../../pages/admin/consoleCopy.js';
import { adminMessagePage } from '../../pages/admin/adminLayout.js';
import { domainContext } from '../../wiring.js';
import { noticeOf, type PageAction, pageActions } from './pageActions.js';

export const handler = staffRoute(
  async (event, s) => {
    const action = (pageActions as Record<string, PageAction>)[event.routeKey];
    if (!action) throw new NotFound('page');
    return action({ event, s, d: await domainContext(), id: event.pathParameters?.id ?? '', notice: noticeOf(event) });
  },
  {
    htmlFor: (error, _event, status) => {
      const [title, text] = (error && ERROR_PAGES[error.code]) ?? [status >= 500 ? 'Something went wrong' : 'That did not work', error?.message ?? 'Please try again later.'];
      const signIn = error?.code === 'unauthenticated' ? { href: '/admin/login', text: 'Sign in' } : { href: '/admin', text: 'Back to the console' };
      return adminMessagePage(title, text, signIn);
    },
  },
);
