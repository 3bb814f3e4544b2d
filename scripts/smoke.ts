/**
 * `npm run smoke -- --url https://learn.example-clinic.org`: a post-deploy smoke test against a
 * real stack, or `--url http://localhost:PORT` against local mode (CI runs that, .ci/run).
 * Prints PASS / FAIL / SKIP per step; exits 1 when any step fails. A step skips only when it
 * needs an input the operator did not give (printed with the flag that supplies it).
 *
 *   1. signup page        GET / answers 200 with the signup form
 *   2. subscription       reads the signup page's single-use form token, waits the time trap's
 *                         minimum (MIN_FILL_SECONDS, real time), then POST /api/subscribe for a
 *                         sandbox recipient (--email; a verified SES identity while in the sandbox) answers 202
 *   3. confirmation       follows the confirmation link (local: from the outbox; AWS:
 *                         --confirm-link pasted from the mailbox), posting the page's form if it has one
 *   4. one-click unsub    POSTs List-Unsubscribe=One-Click to the email's https unsubscribe URL
 *                         (local: from the outbox; AWS: --unsubscribe-link)
 *   5. alarm → ops topic  AWS: sets a Carecast alarm to ALARM and checks CloudWatch's history
 *                         says the ops-topic action succeeded (--alarm-name; credentials needed)
 *   6. HELP text          with --phone (a verified SMS sandbox number): subscribes it, texts
 *                         YES then HELP (local: /api/dev/sms/inbound; AWS: published to
 *                         --inbound-topic-arn) and checks the HELP reply (local: outbox; AWS: on the phone)
 */
import { parseArgs } from 'node:util';
import { runSmoke, type SmokeOptions } from './smoke/runSmoke.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    email: { type: 'string' },
    phone: { type: 'string' },
    'confirm-link': { type: 'string' },
    'unsubscribe-link': { type: 'string' },
    'alarm-name': { type: 'string' },
    'inbound-topic-arn': { type: 'string' },
    region: { type: 'string' },
    'timeout-seconds': { type: 'string', default: '60' },
  },
});

if (!values.url) {
  console.error('Usage: npm run smoke -- --url https://<site> [--email verified@x] [--confirm-link URL] [--unsubscribe-link URL] [--alarm-name NAME] [--phone +1… --inbound-topic-arn ARN]');
  process.exit(2);
}
const options: SmokeOptions = {
  url: values.url.replace(/\/$/, ''),
  timeoutMs: Number(values['timeout-seconds']) * 1000,
  ...(values.email ? { email: values.email } : {}),
  ...(values.phone ? { phone: values.phone } : {}),
  ...(values['confirm-link'] ? { confirmLink: values['confirm-link'] } : {}),
  ...(values['unsubscribe-link'] ? { unsubscribeLink: values['unsubscribe-link'] } : {}),
  ...(values['alarm-name'] ? { alarmName: values['alarm-name'] } : {}),
  ...(values['inbound-topic-arn'] ? { inboundTopicArn: values['inbound-topic-arn'] } : {}),
  ...(values.region ? { region: values.region } : {}),
};
const results = await runSmoke(options);
for (const r of results) console.log(`${r.status.padEnd(4)}  ${r.step.padEnd(22)} ${r.detail}`);
const failed = results.filter((r) => r.status === 'FAIL').length;
console.log(failed === 0 ? `\nsmoke passed (${results.filter((r) => r.status === 'PASS').length} passed, ${results.filter((r) => r.status === 'SKIP').length} skipped)` : `\nsmoke FAILED (${failed} step(s))`);
process.exit(failed === 0 ? 0 : 1);
