/** The console's fixed copy: notices after an action (`?done=`) and the titles of error pages, by error code. */

export const NOTICES: Record<string, string> = {
  saved: 'Saved as a new version. New enrollments use it; running ones stay on theirs until you move them.',
  paused: 'Paused. Nothing in this sequence is sent until you resume it.',
  resumed: 'Resumed. Waiting steps go out at their next send window.',
  scheduled: 'Opening date saved.',
  moved: 'Running enrollments moved.',
  broadcast: 'Broadcast scheduled.',
  cancelled: 'Broadcast cancelled.',
  'test-sent': 'Test message sent.',
  'clinic-saved': 'Clinic profile saved. New messages and the public pages use it from now on.',
  'day-closed': 'Date closed. Nothing is sent that day; steps due then wait for the next open day.',
  'day-opened': 'Date re-opened.',
  archived: 'Archived. People already enrolled go on; pause the sequence to stop them.',
  restored: 'Restored from the archive.',
  'entry-point': 'Entry point saved. People who confirm from now on are enrolled into the sequence you chose.',
};

/** The recipient count shown before scheduling a broadcast (issue 14). */
export const audienceCountNotice = (n: number): string =>
  `${n === 1 ? '1 person matches' : `${n} people match`} this audience now (confirmed on the channel). Anyone who stops before the send is skipped then.`;

export const ERROR_PAGES: Record<string, [string, string]> = {
  unauthenticated: ['Sign in required', 'You are not signed in, or your session has ended.'],
  forbidden: ['Not allowed', 'Your role does not allow this, or the form was stale. Go back, reload the page and try again.'],
  not_found: ['Not found', 'There is nothing here.'],
  origin_not_allowed: ['Not allowed', 'This form can only be sent from the console.'],
};

export const revokedNotice = (changed: string[]): string =>
  changed.length ? `Revocation recorded: ${changed.join(' and ')} stopped.` : 'Nothing to change: those channels were already stopped.';

export const DELETED_NOTICE = 'Personal data deleted. The addresses stay suppressed; the consent ledger is kept as evidence.';
