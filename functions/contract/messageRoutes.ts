/**
 * The console's message editor routes (issue 14), spread into the staff console routes in
 * routes.ts (which checks them against `Route`). Staff write, preview and submit; an admin who
 * did not write a draft approves it.
 */
export const messageRoutes = [
  { method: 'GET', path: '/admin/messages', handler: 'adminPages', auth: 'staff', summary: 'Console: messages (shipped and console-written)' },
  { method: 'POST', path: '/admin/messages', handler: 'adminPages', auth: 'staff', summary: 'Console: create a message (blank or a copy of a shipped one)' },
  { method: 'GET', path: '/admin/messages/{id}', handler: 'adminPages', auth: 'staff', summary: 'Console: message editor and review' },
  { method: 'POST', path: '/admin/messages/{id}', handler: 'adminPages', auth: 'staff', summary: 'Console: save a message draft' },
  { method: 'POST', path: '/admin/messages/{id}/preview', handler: 'adminPages', auth: 'staff', summary: 'Console: live preview of unsaved copy (JSON)' },
  { method: 'POST', path: '/admin/messages/{id}/submit', handler: 'adminPages', auth: 'staff', summary: 'Console: submit a draft for review' },
  { method: 'POST', path: '/admin/messages/{id}/approve', handler: 'adminPages', auth: 'admin', summary: 'Console: approve and publish (another admin than the author)' },
  { method: 'POST', path: '/admin/messages/{id}/withdraw', handler: 'adminPages', auth: 'admin', summary: 'Console: withdraw a published message nothing running uses' },
  { method: 'GET', path: '/api/admin/messages', handler: 'adminApi', auth: 'staff', summary: 'List messages, shipped and console-written' },
  { method: 'POST', path: '/api/admin/messages', handler: 'adminApi', auth: 'staff', summary: 'Create a message' },
  { method: 'GET', path: '/api/admin/messages/{id}', handler: 'adminApi', auth: 'staff', summary: 'A message: draft, published version, versions, diff' },
  { method: 'POST', path: '/api/admin/messages/{id}/draft', handler: 'adminApi', auth: 'staff', summary: 'Save a message draft (checked and compiled)' },
  { method: 'POST', path: '/api/admin/messages/{id}/preview', handler: 'adminApi', auth: 'staff', summary: 'Check and preview copy without saving' },
  { method: 'POST', path: '/api/admin/messages/{id}/submit', handler: 'adminApi', auth: 'staff', summary: 'Submit a draft for review' },
  { method: 'POST', path: '/api/admin/messages/{id}/approve', handler: 'adminApi', auth: 'admin', summary: 'Approve and publish a submitted draft' },
  { method: 'POST', path: '/api/admin/messages/{id}/withdraw', handler: 'adminApi', auth: 'admin', summary: 'Withdraw a published message (refused while a running sequence or scheduled broadcast uses it)' },
] as const;
