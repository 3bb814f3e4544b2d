/**
 * `npm start`: Carecast on one machine. `--memory` for a throwaway store; PORT (default 3000).
 */
import { startLocalStack } from './localStack.js';

const memory = process.argv.includes('--memory');
const port = Number(process.env.PORT ?? 3000);

const stack = await startLocalStack({ port, memory, tick: true });
const b = stack.baseUrl;
console.log(`
Carecast local mode is running${memory ? ' (in-memory store: nothing is kept)' : ' (data kept under .data/)'}.

  Signup page        ${b}/
  Outbox (sent mail) ${b}/outbox        JSON: ${b}/api/dev/outbox
  Template preview   ${b}/preview/
  Simulated clock    ${b}/api/dev/clock  (POST {"advance":"P1D"})
  Simulate a text    POST ${b}/api/dev/sms/inbound {"from":"+1…","body":"YES"}
  Staff console      ${b}/admin        API: ${b}/api/admin/…  OpenAPI: ${b}/api/openapi.json

  DynamoDB Local     ${stack.dynamoEndpoint}  table ${stack.tableName}
  Local SES          ${stack.sesUrl}  (aws-ses-v2-local)
  Local SMS (SNS)    ${stack.smsUrl}

Press Ctrl-C to stop.`);
if (stack.staff.created) {
  // Shown once: only an scrypt hash is kept (under .data/staff.json unless --memory).
  console.log(`
  Staff console user created (shown only now; keep it somewhere safe):
    username  ${stack.staff.created.username}
    password  ${stack.staff.created.password}
`);
}
if (stack.staff.reviewer) {
  console.log(`  Second admin (approves messages the first one wrote; shown only now):
    username  ${stack.staff.reviewer.username}
    password  ${stack.staff.reviewer.password}
`);
}

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await stack.stop();
  console.log('Stopped cleanly.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
