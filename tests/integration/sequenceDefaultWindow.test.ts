/**
 * The sequence-wide default send window in the builder (issue 14): shown in plain words, editable
 * per channel, saved as a new version; steps use it unless they have a window of their own; bad
 * defaults are refused beside their fields and nothing is written. Real handlers on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/localStack.js';
import { api, page, postForm, signInWithForm, staffToken } from '../support/staffConsole.js';
import { startTestStack } from '../support/testStack.js';

let stack: LocalStack;
let admin: string;
let cookie: string;
let id = '';
const detail = async () => (await api(stack, admin, 'GET', `/api/admin/sequences/${id}`)).body;
const days = (prefix: string, list: string[]) => Object.fromEntries(list.map((d) => [`${prefix}.weekday.${d}`, 'on']));
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

beforeAll(async () => {
  stack = await startTestStack();
  admin = await staffToken(stack, { username: 'editor' });
  cookie = await signInWithForm(stack);
  id = (await api(stack, admin, 'POST', '/api/admin/sequences', { name: 'Window check' })).body.sequenceId;
});
afterAll(() => stack?.stop());

/** The builder form of a two-step sequence: an email on the default window, a text with its own. */
const form = async (over: Record<string, string> = {}) => {
  const { csrf } = await page(stack, cookie, `/admin/sequences/${id}/edit`);
  return {
    _csrf: csrf,
    basedOn: String((await detail()).head.latestVersion),
    name: 'Window check',
    ...days('default.email', WEEKDAYS), 'default.email.start': '09:00', 'default.email.end': '17:00',
    ...days('default.sms', [...WEEKDAYS, 'sat']), 'default.sms.start': '10:00', 'default.sms.end': '18:00',
    'step.0.id': 'hello', 'step.0.channel': 'email', 'step.0.template': 'welcome', 'step.0.wait': 'right-after',
    'step.0.window': 'default', ...days('step.0', ['sun']), 'step.0.start': '06:00', 'step.0.end': '07:00',
    'step.1.id': 'nudge', 'step.1.channel': 'sms', 'step.1.template': 'self-care', 'step.1.wait': 'after', 'step.1.amount': '2', 'step.1.unit': 'days',
    'step.1.window': 'own', ...days('step.1', ['sat']), 'step.1.start': '10:00', 'step.1.end': '12:00',
    intent: 'save',
    ...over,
  };
};

describe('the default send window in the sequence builder', () => {
  it('shows each channel\'s default in plain words with its fields', async () => {
    const { html } = await page(stack, cookie, `/admin/sequences/${id}/edit`);
    const defaults = /<fieldset class="defaults"[\s\S]*?<\/fieldset><\/fieldset>/.exec(html)?.[0] ?? '';
    expect(defaults).toContain('Emails: <span class="words" id="default.email-words">Weekdays (Mon–Fri), 9 am – 5 pm</span>');
    expect(defaults).toContain('Texts: <span class="words" id="default.sms-words">Mon–Sat, 10 am – 6 pm</span>');
    expect(defaults).toMatch(/<input type="time" id="default\.email\.start" name="default\.email\.start" value="09:00"/);
    expect(html).toMatch(/<select id="step\.0\.window" name="step\.0\.window"[^>]*><option value="default" selected>/);
  });

  it('saves a new default as a version; steps on the default follow it, a step with its own window keeps it', async () => {
    const before = (await detail()).head.latestVersion;
    const r = await postForm(stack, cookie, `/admin/sequences/${id}/edit`, await form({ 'default.email.weekday.mon': '', 'default.email.weekday.fri': '', 'default.email.start': '10:00', 'default.email.end': '14:00' }));

    expect(r.status).toBe(303);
    const d = await detail();
    expect(d.head.latestVersion).toBe(before + 1);
    expect(d.definition.defaultWindows.email).toEqual({ days: ['tue', 'wed', 'thu'], start: '10:00', end: '14:00' });
    expect(d.definition.steps[0]).not.toHaveProperty('sendWindow');
    expect(d.definition.steps[1].sendWindow).toEqual({ days: ['sat'], start: '10:00', end: '12:00' });
    const { html } = await page(stack, cookie, `/admin/sequences/${id}`);
    expect(html).toContain('Default send windows: emails Tue, Wed, Thu, 10 am – 2 pm, recipient&#39;s local time');
    const builder = (await page(stack, cookie, `/admin/sequences/${id}/edit`)).html;
    expect(builder).toContain('Send window: the default for emails (Tue, Wed, Thu, 10 am – 2 pm)');
    expect(builder).toContain('Send window: its own, Sat, 10 am – noon');
  });

  it.each([
    { case: 'a default with no day', over: Object.fromEntries(WEEKDAYS.map((d) => [`default.email.weekday.${d}`, ''])), field: 'default.email.weekdays' },
    { case: 'a default that ends before it starts', over: { 'default.email.start': '17:00', 'default.email.end': '09:00' }, field: 'default.email.end' },
    { case: 'a default that is not a time', over: { 'default.email.start': '9am' }, field: 'default.email.start' },
    { case: 'a text default before 08:00', over: { 'default.sms.start': '07:00' }, field: 'default.sms.start' },
    { case: 'a text default after 21:00', over: { 'default.sms.end': '22:00' }, field: 'default.sms.end' },
  ])('refuses $case beside its field and writes nothing', async ({ over, field }) => {
    const before = await detail();
    const r = await postForm(stack, cookie, `/admin/sequences/${id}/edit`, await form(over));

    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(new RegExp(`id="${field.replace(/\./g, '\\.')}-error">[^<]+<`));
    const after = await detail();
    expect(after.head.latestVersion).toBe(before.head.latestVersion);
    expect(after.definition).toEqual(before.definition);
  });
});
