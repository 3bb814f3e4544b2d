/**
 * Evaluates AWS requests against the synthesized template's policies with a real IAM evaluator
 * (@cloud-copilot/iam-simulate: identity policies, resource policies and KMS key policies, with
 * conditions). Each recorded SDK call (sdkCallRecorder.ts) becomes one or more IAM requests: an
 * action, a resource ARN, the context AWS would set, and the resource's own policy.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { RecordedCall } from '../../../functions/adapters/aws/sdkCallRecorder.js';
import { ACCOUNT, REGION, type TemplateResolver } from './resolveTemplate.js';

type PolicyDoc = { Version?: string; Statement: any[] };

export interface IamRequest {
  /** Who asks: a role ARN, or a service principal such as `cloudwatch.amazonaws.com`. */
  principal: string;
  action: string;
  resource: string;
  context: Record<string, string>;
  /** The principal's identity policies (none for a service principal). */
  identity: Array<{ name: string; policy: PolicyDoc }>;
  resourcePolicy?: PolicyDoc;
  /** What the request is for, for failure messages. */
  why: string;
}

/** A principal and its identity policies: a function's role, or a service with none. */
export interface Caller {
  arn: string;
  identity: Array<{ name: string; policy: PolicyDoc }>;
}

export interface Decision {
  request: IamRequest;
  result: string;
  detail?: string;
}

/** The policies of the deployed stack, resolved to concrete ARNs. */
export class StackPolicies {
  readonly tableArn: string;
  readonly keyArn: string;
  readonly keyPolicy: PolicyDoc;
  readonly secretArn: string;
  readonly sesIdentityArn: string;
  readonly configurationSetArn: string;

  constructor(
    readonly r: TemplateResolver,
    private readonly ids: { table: string; key: string; secret: string; sendQueue: string },
  ) {
    this.tableArn = r.arn(ids.table);
    this.keyArn = r.arn(ids.key);
    this.keyPolicy = r.resolve(r.template.Resources[ids.key]?.Properties?.KeyPolicy);
    this.secretArn = r.arn(ids.secret);
    const identity = r.idsOf('AWS::SES::EmailIdentity')[0] as string;
    this.sesIdentityArn = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${r.resolve(r.template.Resources[identity]?.Properties?.EmailIdentity)}`;
    const set = r.idsOf('AWS::SES::ConfigurationSet')[0] as string;
    this.configurationSetArn = `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/${r.physicalName(set)}`;
  }

  get sendQueueArn(): string {
    return this.r.arn(this.ids.sendQueue);
  }

  /** The identity policies attached to a role (AWS::IAM::Policy resources and inline policies). */
  identityPolicies(roleId: string): Array<{ name: string; policy: PolicyDoc }> {
    const out: Array<{ name: string; policy: PolicyDoc }> = [];
    for (const [id, res] of Object.entries(this.r.template.Resources)) {
      if (res.Type === 'AWS::IAM::Policy' && JSON.stringify(res.Properties?.Roles ?? []).includes(`"${roleId}"`)) {
        out.push({ name: id, policy: this.r.resolve(res.Properties?.PolicyDocument) });
      }
    }
    const role = this.r.template.Resources[roleId];
    for (const p of role?.Properties?.Policies ?? []) out.push({ name: p.PolicyName, policy: this.r.resolve(p.PolicyDocument) });
    if ((role?.Properties?.ManagedPolicyArns ?? []).length > 0) throw new Error(`${roleId} has managed policies the simulation cannot read`);
    return out;
  }

  roleArn(roleId: string): string {
    return this.r.arn(roleId);
  }

  /** The resource policy of a topic or queue (merged, as AWS applies every attached one). */
  resourcePolicyOf(resourceId: string): PolicyDoc | undefined {
    const statements: any[] = [];
    for (const res of Object.values(this.r.template.Resources)) {
      const targets = res.Type === 'AWS::SNS::TopicPolicy' ? res.Properties?.Topics : res.Type === 'AWS::SQS::QueuePolicy' ? res.Properties?.Queues : undefined;
      if (targets && JSON.stringify(targets).includes(`"${resourceId}"`)) statements.push(...this.r.resolve(res.Properties?.PolicyDocument).Statement);
    }
    return statements.length ? { Version: '2012-10-17', Statement: statements } : undefined;
  }

  /** A Lambda function's resource policy, from the template's AWS::Lambda::Permission resources. */
  functionPolicy(functionId: string): PolicyDoc {
    const fnArn = this.r.arn(functionId);
    const Statement = Object.values(this.r.template.Resources)
      .filter((res) => res.Type === 'AWS::Lambda::Permission' && this.r.resolve(res.Properties?.FunctionName) === fnArn)
      .map((res) => {
        const p = this.r.resolve(res.Properties);
        const conditions: Record<string, Record<string, string>> = {};
        if (p.SourceArn) conditions.ArnLike = { 'AWS:SourceArn': p.SourceArn };
        if (p.SourceAccount) conditions.StringEquals = { 'AWS:SourceAccount': p.SourceAccount };
        return { Effect: 'Allow', Principal: { Service: p.Principal }, Action: p.Action, Resource: fnArn, ...(Object.keys(conditions).length ? { Condition: conditions } : {}) };
      });
    return { Version: '2012-10-17', Statement };
  }

  /** The KMS requests AWS makes with the caller's credentials when a service uses the key for it. */
  keyRequests(caller: Caller, actions: string[], context: Record<string, string>, why: string): IamRequest[] {
    return actions.map((action) => ({ principal: caller.arn, identity: caller.identity, action, resource: this.keyArn, context, resourcePolicy: this.keyPolicy, why: `${why} (KMS key)` }));
  }

  /**
   * The IAM requests one recorded SDK call makes in AWS.
   *
   * DynamoDB transactions are authorised per item (PutItem, UpdateItem, …); SQS SendMessageBatch
   * is sqs:SendMessage; SNS publishes to a phone number have no resource ARN, so IAM sees `*`.
   * DynamoDB uses the table's customer-managed key on the caller's behalf (kms:Decrypt via
   * dynamodb), so the key policy and the caller's role must both allow it.
   */
  requestsFor(caller: Caller, call: RecordedCall): IamRequest[] {
    const why = `${call.handler}: ${call.service} ${call.command}`;
    const base = { principal: caller.arn, identity: caller.identity, context: { 'aws:SecureTransport': 'true' }, why };
    const t = call.target as Record<string, any>;
    switch (call.service) {
      case 'dynamodb': {
        if (call.command === 'TransactWriteItems' || call.command === 'TransactGetItems') {
          const op: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };
          return [
            ...(t.items as Array<{ op: string }>).map((i) => ({ ...base, action: `dynamodb:${op[i.op]}`, resource: this.tableArn })),
            ...this.keyRequests(caller, ['kms:Decrypt'], { ...base.context, 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT }, why),
          ];
        }
        const resource = t.index ? `${this.tableArn}/index/${t.index}` : this.tableArn;
        return [
          { ...base, action: `dynamodb:${call.command}`, resource },
          ...this.keyRequests(caller, ['kms:Decrypt'], { ...base.context, 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT }, why),
        ];
      }
      case 'ses':
        return [this.sesIdentityArn, this.configurationSetArn].map((resource) => ({ ...base, action: `ses:${call.command}`, resource }));
      case 'sns':
        return [{ ...base, action: `sns:${call.command}`, resource: '*' }];
      case 'sqs': {
        const queueId = this.ids.sendQueue;
        return [
          { ...base, action: 'sqs:SendMessage', resource: this.sendQueueArn, resourcePolicy: this.resourcePolicyOf(queueId) as PolicyDoc },
          ...this.keyRequests(caller, ['kms:GenerateDataKey', 'kms:Decrypt'], { ...base.context, 'kms:ViaService': `sqs.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT }, why),
        ];
      }
      case 'secretsmanager':
        return [
          { ...base, action: 'secretsmanager:GetSecretValue', resource: this.secretArn },
          ...this.keyRequests(caller, ['kms:Decrypt'], { ...base.context, 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT }, why),
        ];
    }
  }
}

/** Evaluates one request; `Allowed` or the evaluator's denial. */
export const evaluate = async (request: IamRequest): Promise<Decision> => {
  const { principal, action, resource, context, resourcePolicy } = request;
  const isService = principal.endsWith('.amazonaws.com');
  const res = await runSimulation(
    {
      request: { principal, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: isService ? [] : request.identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (res.resultType === 'error') return { request, result: 'Error', detail: JSON.stringify(res.errors) };
  return { request, result: res.overallResult };
};
