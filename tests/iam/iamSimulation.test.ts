/**
 * The stack proven without an AWS account (issue 12): every AWS call the handlers made while the
 * integration suites ran (recorded by functions/adapters/aws/sdkCallRecorder.ts) is evaluated
 * against that function's role, the topic/queue policies and the KMS key policy of the
 * synthesized template, with a real IAM evaluator. So are the service-to-service paths no handler
 * exercises. Runs after the integration project (vitest.config.ts groupOrder), in `npm test`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../functions/adapters/aws/sdkCallRecorder.js';
import { workers } from '../../functions/contract/routes.js';
import { FEEDBACK_HANDLER, functionNeeds } from '../../infra/FunctionCatalog.js';
import { logicalIdOf, PRODUCTION_CONTEXT, type Synthesised, synthCarecast } from '../infra/support/synthCarecast.js';
import { IAM_RECORD_DIR } from '../support/iamRecordDir.js';
import { needsObserved } from './support/observedNeeds.js';
import { ACCOUNT, type CfnTemplate, TemplateResolver } from './support/resolveTemplate.js';
import { type Caller, type Decision, evaluate, type IamRequest, StackPolicies } from './support/simulateCalls.js';
import { unusedGrants } from './support/unusedGrants.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let s: Synthesised;
let policies: StackPolicies;
let calls: RecordedCall[];

/** Distinct calls per handler (table names differ per test file; there is one table in AWS). */
const readCalls = (): RecordedCall[] => {
  if (!existsSync(IAM_RECORD_DIR)) return [];
  const lines = readdirSync(IAM_RECORD_DIR).flatMap((f) => readFileSync(join(IAM_RECORD_DIR, f), 'utf8').split('\n').filter(Boolean));
  const unique = new Set(lines.map((l) => l.replace(/"t-[0-9a-f-]{36}"/g, '"table"')));
  return [...unique].map((l) => JSON.parse(l) as RecordedCall).filter((c) => c.handler !== '-');
};

const callerOf = (handler: string): Caller => {
  const fn = s.stack.functions.byHandler.get(handler);
  if (!fn?.role) throw new Error(`${handler} made AWS calls but the stack deploys no function for it`);
  const roleId = logicalIdOf(s, fn.role as never);
  return { arn: policies.roleArn(roleId), identity: policies.identityPolicies(roleId) };
};

const denials = (decisions: Decision[]) =>
  decisions.filter((d) => d.result !== 'Allowed').map((d) => `${d.request.why}: ${d.request.action} on ${d.request.resource} -> ${d.result}${d.detail ? ` ${d.detail}` : ''}`);

beforeAll(() => {
  // The production values (with an SMS number): the example config is email-only, and the suites send texts.
  s = synthCarecast({ context: { ...PRODUCTION_CONTEXT } });
  const template = s.template.toJSON() as CfnTemplate;
  policies = new StackPolicies(new TemplateResolver(template), {
    table: logicalIdOf(s, s.stack.data.table),
    key: logicalIdOf(s, s.stack.node.findChild('Encryption').node.findChild('Key') as never),
    secret: logicalIdOf(s, s.stack.signingKey.secret),
    sendQueue: logicalIdOf(s, s.stack.sendQueue.queue),
  });
  calls = readCalls();
}, LOAD_BOUND_MS);

describe('IAM simulation of what the handlers really call', () => {
  it('has the calls the integration suites recorded (run `npm test`, or the integration project first)', () => {
    const handlers = new Set(calls.map((c) => c.handler));
    for (const h of ['subscribe', 'confirmEmail', 'dispatch', 'sendWorker', 'smsInbound', FEEDBACK_HANDLER, 'preferences', 'book']) expect(handlers).toContain(h);
  });

  it('allows every recorded call under the calling function role, resource policies and the KMS key policy', async () => {
    const requests = calls.flatMap((c) => policies.requestsFor(callerOf(c.handler), c));
    const decisions = await Promise.all(requests.map(evaluate));

    expect(denials(decisions)).toEqual([]);
  });

  it('FunctionCatalog declares at least what each handler was observed to need', () => {
    const missing: string[] = [];
    for (const [handler, observed] of needsObserved(calls)) {
      const declared = functionNeeds[handler];
      if (!declared) {
        missing.push(`${handler}: no catalog entry`);
        continue;
      }
      for (const [need, value] of Object.entries(observed)) {
        const have = declared[need as keyof typeof declared];
        const ok = need === 'table' ? have === value || have === 'readWrite' : have === true;
        if (!ok) missing.push(`${handler}.${need}: observed ${String(value)}, catalog says ${String(have)}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('prints the "granted but never used" table (least privilege review)', async () => {
    const handlers = [...s.stack.functions.byHandler.keys()];
    const byHandler = new Map<string, IamRequest[]>();
    for (const c of calls) byHandler.set(c.handler, [...(byHandler.get(c.handler) ?? []), ...policies.requestsFor(callerOf(c.handler), c)]);
    const rows = unusedGrants(handlers.map((h) => ({ handler: h, caller: callerOf(h), observed: byHandler.get(h) ?? [] })));
    console.log(`\nGranted but never used while the integration suites ran (${rows.length} grants):\n${rows.map((r) => `  ${r.handler.padEnd(14)} ${r.action.padEnd(36)} ${r.resource}`).join('\n')}\n`);
    expect(rows.every((r) => r.action && r.resource)).toBe(true);
  });
});

describe('IAM simulation of the service-to-service paths', () => {
  const secure = { 'aws:SecureTransport': 'true', 'aws:SourceAccount': ACCOUNT };
  const service = (principal: string, action: string, resource: string, context: Record<string, string>, resourcePolicy: any, why: string): IamRequest => ({
    principal,
    identity: [],
    action,
    resource,
    context: { ...secure, ...context },
    resourcePolicy,
    why,
  });
  /** A service publishing into an encrypted topic: sns:Publish plus the KMS data key. */
  const publishes = (principal: string, topic: { node: { defaultChild?: unknown } }, sourceArn: string, why: string): IamRequest[] => {
    const topicId = logicalIdOf(s, topic);
    const topicArn = policies.r.arn(topicId);
    return [
      service(principal, 'sns:Publish', topicArn, { 'aws:SourceArn': sourceArn }, policies.resourcePolicyOf(topicId), why),
      ...['kms:GenerateDataKey', 'kms:Decrypt'].map((a) => service(principal, a, policies.keyArn, { 'aws:SourceArn': sourceArn }, policies.keyPolicy, `${why} (KMS key)`)),
    ];
  };

  it('CloudWatch alarms may publish to the ops topic', async () => {
    const opsTopic = s.stack.monitoring.opsTopic;
    const requests = s.stack.monitoring.alarms.flatMap((a) => publishes('cloudwatch.amazonaws.com', opsTopic, policies.r.arn(logicalIdOf(s, a)), `alarm ${a.node.id}`));

    expect(requests.length).toBeGreaterThan(0);
    expect(denials(await Promise.all(requests.map(evaluate)))).toEqual([]);
  });

  it('SES may publish events to the feedback topic; End User Messaging may publish inbound texts', async () => {
    const requests = [
      ...publishes('ses.amazonaws.com', s.stack.feedback.sesEventsTopic, policies.configurationSetArn, 'SES events'),
      ...publishes('sms-voice.amazonaws.com', s.stack.feedback.inboundSmsTopic, `arn:aws:sms-voice:us-west-2:${ACCOUNT}:phone-number/phone-1`, 'two-way SMS'),
    ];

    expect(denials(await Promise.all(requests.map(evaluate)))).toEqual([]);
  });

  it('SNS may invoke the feedback and inbound-text functions; EventBridge may invoke the dispatcher', async () => {
    const invoke = (principal: string, handler: string, sourceArn: string, why: string): IamRequest => {
      const fnId = logicalIdOf(s, s.stack.functions.get(handler));
      return service(principal, 'lambda:InvokeFunction', policies.r.arn(fnId), { 'aws:SourceArn': sourceArn }, policies.functionPolicy(fnId), why);
    };
    const requests = [
      invoke('sns.amazonaws.com', FEEDBACK_HANDLER, policies.r.arn(logicalIdOf(s, s.stack.feedback.sesEventsTopic)), 'SES events topic'),
      invoke('sns.amazonaws.com', workers.smsInbound.handler, policies.r.arn(logicalIdOf(s, s.stack.feedback.inboundSmsTopic)), 'inbound SMS topic'),
      invoke('events.amazonaws.com', workers.dispatcher.handler, policies.r.arn(logicalIdOf(s, s.stack.dispatch.schedule)), 'dispatcher schedule'),
    ];

    expect(denials(await Promise.all(requests.map(evaluate)))).toEqual([]);
  });

  it('the SQS event source (send worker role) may receive, delete and decrypt; async functions may write their DLQ', async () => {
    const worker = callerOf(workers.sendWorker.handler);
    const queueId = logicalIdOf(s, s.stack.sendQueue.queue);
    const viaSqs = { 'aws:SecureTransport': 'true', 'kms:ViaService': 'sqs.us-west-2.amazonaws.com', 'kms:CallerAccount': ACCOUNT };
    const as = (caller: Caller, action: string, resource: string, resourcePolicy: any, why: string): IamRequest => ({ principal: caller.arn, identity: caller.identity, action, resource, context: viaSqs, resourcePolicy, why });
    const requests = [
      ...['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].map((a) => as(worker, a, policies.sendQueueArn, policies.resourcePolicyOf(queueId), 'send queue event source')),
      as(worker, 'kms:Decrypt', policies.keyArn, policies.keyPolicy, 'send queue event source (KMS key)'),
    ];
    const template = s.template.toJSON() as CfnTemplate;
    /** The queue the function's own DeadLetterConfig names in the template (compliance events have their own). */
    const dlqOf = (handler: string): string => {
      const fn = template.Resources[logicalIdOf(s, s.stack.functions.get(handler))] as { Properties?: { DeadLetterConfig?: { TargetArn?: { 'Fn::GetAtt'?: [string, string] } } } };
      const id = fn.Properties?.DeadLetterConfig?.TargetArn?.['Fn::GetAtt']?.[0];
      if (!id) throw new Error(`${handler} has no dead-letter queue`);
      return id;
    };
    for (const handler of [workers.dispatcher.handler, workers.smsInbound.handler, FEEDBACK_HANDLER]) {
      const caller = callerOf(handler);
      const dlqId = dlqOf(handler);
      requests.push(as(caller, 'sqs:SendMessage', policies.r.arn(dlqId), policies.resourcePolicyOf(dlqId), `${handler} async DLQ`));
      requests.push(as(caller, 'kms:GenerateDataKey', policies.keyArn, policies.keyPolicy, `${handler} async DLQ (KMS key)`));
    }

    expect(denials(await Promise.all(requests.map(evaluate)))).toEqual([]);
  });
});
