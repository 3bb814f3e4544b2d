/** Local mode's sign-in page (in AWS, staff sign in through the Cognito user pool instead). */
import { html } from '../html.js';
import { adminMessagePage } from './adminLayout.js';

export const loginPage = (error?: string): string =>
  adminMessagePage('Sign in', '').replace(
    '<p></p>',
    html`${error ? html`<p class="alert" role="alert">${error}</p>` : ''}<p>Local mode: use the staff credentials printed when the server first started.</p>
<form method="post" action="/admin/login">
<label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`.value,
  );
