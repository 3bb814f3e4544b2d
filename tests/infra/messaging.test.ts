import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workers } from '../../functions/contract/routes.js';
import { SES_RATE_HEADROOM, sendWorkerConcurrency } from '../../infra/Dispatch.js';
import { FEEDBACK_HANDLER, functionNeeds } from '../../infra/FunctionCatalog.js';
import { VISIBILITY_TIMEOUT_FACTOR } from '../../infra/SendQueue.js';
import {
  asArray,
  functionLogicalId,
  handlersAllowed,
  logicalIdOf,
  resourcesOf,
  statementsOfHandler,
  PRODUCTION_CONTEXT,
  type Synthesised,
  synthCarecast,
} from './support/synthCarecast.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let s: Synthesised;
beforeAll(() => {
  s = synthCarecast({ context: { ...PRODUCTION_CONTEXT } });
}, LOAD_BOUND_MS);
afterAll(() => s?.cleanup());

const props = (construct: { node: { defaultChild?: unknown } }): Record<string, any> => s.template.toJSON().Resources[logicalIdOf(s, construct)].Properties;
const fnProps = (handler: string): Record<string, any> => s.template.toJSON().Resources[functionLogicalId(s, handler)].Properties;
const keyArn = () => ({ 'Fn::GetAtt': [logicalIdOf(s, s.stack.node.findChild('Encryption').node.findChild('Key') as never), 'Arn'] });
/** Deployed handlers whose catalog entry declares a need. */
const needing = (need: keyof (typeof functionNeeds)[string]) =>
  [...s.stack.functions.byHandler.keys()].filter((h) => functionNeeds[h]?.[need]).sort();

describe('Dispatch: schedule and send worker', () => {
  it('runs the dispatcher on an EventBridge schedule every minute, without retries', () => {
    const rule = Object.values(resourcesOf(s.template, 'AWS::Events::Rule'))[0]?.Properties as Record<string, any>;

    expect(workers.dispatcher.everyMinutes).toBe(1);
    expect(rule.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionLogicalId(s, 'dispatch'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })]);
  });

  it('feeds the send worker from the send queue in batches with partial batch responses (R2)', () => {
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionLogicalId(s, 'sendWorker') },
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(s, s.stack.sendQueue.queue), 'Arn'] },
      BatchSize: workers.sendWorker.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('reserves send-worker concurrency from the SES sending rate and caps the event source to match (O8)', () => {
    const expected = sendWorkerConcurrency(s.config.sendingRatePerSecond);
    const mapping = Object.values(resourcesOf(s.template, 'AWS::Lambda::EventSourceMapping'))[0]?.Properties as Record<string, any>;

    expect(expected).toBe(12); // 14 msg/s × 0.9
    expect(fnProps('sendWorker').ReservedConcurrentExecutions).toBe(expected);
    expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: expected });
  });

  it.each([
    { rate: 1, concurrency: 2 },
    { rate: 14, concurrency: 12 },
    { rate: 50, concurrency: 45 },
    { rate: 1000, concurrency: 100 },
  ])('derives $concurrency workers from $rate msg/s', ({ rate, concurrency }) => {
    expect(sendWorkerConcurrency(rate)).toBe(concurrency);
    if (rate >= 3) expect(sendWorkerConcurrency(rate)).toBeLessThanOrEqual(rate * SES_RATE_HEADROOM);
  });
});

describe('SendQueue: queue and dead-letter queue', () => {
  it('redrives to the DLQ after maxReceiveCount 5 (R1)', () => {
    expect(workers.sendWorker.maxReceiveCount).toBe(5);
    expect(props(s.stack.sendQueue.queue).RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(s, s.stack.sendQueue.deadLetterQueue), 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  it('keeps messages invisible at least six times the worker timeout (R1)', () => {
    const timeout = fnProps('sendWorker').Timeout as number;

    expect(timeout).toBe(workers.sendWorker.timeoutSeconds);
    expect(props(s.stack.sendQueue.queue).VisibilityTimeout).toBeGreaterThanOrEqual(VISIBILITY_TIMEOUT_FACTOR * timeout);
    expect(VISIBILITY_TIMEOUT_FACTOR).toBeGreaterThanOrEqual(6);
  });

  it('encrypts every queue with the customer-managed key and refuses non-TLS access (P4)', () => {
    const queues = resourcesOf(s.template, 'AWS::SQS::Queue');
    const policies = Object.values(resourcesOf(s.template, 'AWS::SQS::QueuePolicy')).map((p) => p.Properties as Record<string, any>);

    expect(Object.keys(queues)).toHaveLength(4); // send, send DLQ, async failures, compliance DLQ
    for (const [id, q] of Object.entries(queues)) {
      expect(q.Properties?.KmsMasterKeyId, id).toEqual(keyArn());
      const policy = policies.find((p) => JSON.stringify(p.Queues).includes(id));
      expect(policy?.PolicyDocument.Statement, id).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('lets only the functions that queue messages send to the queue', () => {
    expect(handlersAllowed(s, 'sqs:SendMessage').filter((h) => statementsOfHandler(s, h).some((st) => JSON.stringify(st.Resource).includes(logicalIdOf(s, s.stack.sendQueue.queue))))).toEqual(needing('enqueueSends'));
  });
});

describe('Sending: SES identity and configuration set', () => {
  it('verifies the sender domain with 2048-bit Easy DKIM and a custom MAIL FROM (E9, E11)', () => {
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: s.config.senderDomain,
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: `bounce.${s.config.senderDomain}`, BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalIdOf(s, s.stack.sending.configurationSet) } },
    });
  });

  it('has a configuration set with reputation metrics, account suppression and TLS required (O4, O5)', () => {
    expect(props(s.stack.sending.configurationSet)).toMatchObject({
      Name: s.config.resourcePrefix,
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SendingOptions: { SendingEnabled: true },
    });
  });

  it('publishes exactly SEND, REJECT, BOUNCE, COMPLAINT, DELIVERY, DELIVERY_DELAY and RENDERING_FAILURE to the SES events topic (O2)', () => {
    const dest = Object.values(resourcesOf(s.template, 'AWS::SES::ConfigurationSetEventDestination'))[0]?.Properties as Record<string, any>;

    expect([...dest.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery', 'deliveryDelay', 'reject', 'renderingFailure', 'send']);
    expect(dest.EventDestination.Enabled).toBe(true);
    expect(dest.EventDestination.SnsDestination).toEqual({ TopicARN: { Ref: logicalIdOf(s, s.stack.feedback.sesEventsTopic) } });
    expect(dest.ConfigurationSetName).toEqual({ Ref: logicalIdOf(s, s.stack.sending.configurationSet) });
  });

  it('lets only the send worker send email, and only from the identity through the configuration set (O1)', () => {
    const ses = statementsOfHandler(s, 'sendWorker').filter((st) => asArray(st.Action).some((a) => a.startsWith('ses:')));

    expect(handlersAllowed(s, 'ses:SendRawEmail')).toEqual(needing('sendEmail'));
    expect(ses).toHaveLength(1);
    expect(asArray(ses[0]?.Action).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    const resources = JSON.stringify(ses[0]?.Resource);
    expect(resources).toContain(`:identity/${s.config.senderDomain}`);
    expect(resources).toContain(`:configuration-set/${s.config.resourcePrefix}`);
    expect(asArray(ses[0]?.Resource)).not.toContain('*');
    expect(asArray(ses[0]?.Resource)).toHaveLength(2); // no sandbox recipients in the example config
  });

  it('lets only the send worker text, to phone numbers only: topics are denied', () => {
    const sms = statementsOfHandler(s, 'sendWorker').filter((st) => asArray(st.Action).includes('sns:Publish'));

    expect(handlersAllowed(s, 'sns:Publish')).toEqual(needing('sendSms'));
    expect(sms).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'], Resource: '*' }));
    expect(sms).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish' }));
  });
});

describe('Feedback: SES events and inbound SMS', () => {
  it('KMS-encrypts every SNS topic and refuses non-TLS publishers (P4)', () => {
    const topics = resourcesOf(s.template, 'AWS::SNS::Topic');
    const policies = Object.values(resourcesOf(s.template, 'AWS::SNS::TopicPolicy')).map((p) => p.Properties as Record<string, any>);

    expect(Object.keys(topics)).toHaveLength(3);
    for (const [id, t] of Object.entries(topics)) {
      expect(t.Properties?.KmsMasterKeyId, id).toEqual(keyArn());
      const policy = policies.find((p) => JSON.stringify(p.Topics).includes(id));
      expect(policy?.PolicyDocument.Statement, id).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('subscribes the feedback Lambda to SES events (O3) and the keywords Lambda to inbound SMS (S11)', () => {
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalIdOf(s, s.stack.feedback.sesEventsTopic) },
      Endpoint: { 'Fn::GetAtt': [functionLogicalId(s, FEEDBACK_HANDLER), 'Arn'] },
    });
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalIdOf(s, s.stack.feedback.inboundSmsTopic) },
      Endpoint: { 'Fn::GetAtt': [functionLogicalId(s, 'smsInbound'), 'Arn'] },
    });
  });

  it('lets SES (this configuration set) and two-way SMS (this account) publish to their topics', () => {
    const policies = Object.values(resourcesOf(s.template, 'AWS::SNS::TopicPolicy')).map((p) => JSON.stringify(p.Properties));
    const sesPolicy = policies.find((p) => p.includes(logicalIdOf(s, s.stack.feedback.sesEventsTopic)));
    const smsPolicy = policies.find((p) => p.includes(logicalIdOf(s, s.stack.feedback.inboundSmsTopic)));

    expect(sesPolicy).toContain('ses.amazonaws.com');
    expect(sesPolicy).toContain(`:configuration-set/",{"Ref":"${logicalIdOf(s, s.stack.sending.configurationSet)}"}`);
    expect(smsPolicy).toContain('sms-voice.amazonaws.com');
    expect(smsPolicy).toContain('aws:SourceAccount');
  });

  it('lets SES, CloudWatch and two-way SMS use the key for encrypted topics, and CloudWatch Logs for log groups', () => {
    const keyPolicy = JSON.stringify(props(s.stack.node.findChild('Encryption').node.findChild('Key') as never).KeyPolicy);

    for (const principal of ['ses.amazonaws.com', 'cloudwatch.amazonaws.com', 'sms-voice.amazonaws.com', 'logs.']) expect(keyPolicy).toContain(principal);
  });
});

describe('LinkSigningKey: the signing and address-hash secret', () => {
  it('composes the secret functions/secrets.ts reads from generated values, with no key material in the template', () => {
    const secret = props(s.stack.signingKey.secret);
    const text = JSON.stringify(secret.SecretString);

    expect(text).toContain('{{resolve:secretsmanager:');
    expect(text).toContain('\\"signingKeys\\":{\\"k1\\":');
    expect(text).toContain('\\"addressHashKey\\":');
    expect(secret.KmsKeyId).toEqual(keyArn());
    // The two key materials, and the CloudFront origin-verify value (issue 12, infra/OriginVerify.ts).
    const generated = Object.values(resourcesOf(s.template, 'AWS::SecretsManager::Secret')).filter((x) => x.Properties?.GenerateSecretString);
    expect(generated).toHaveLength(3);
    for (const g of generated) expect(g.Properties?.KmsKeyId).toEqual(keyArn());
  });

  it('lets only functions that need the keys read the composed secret, and nobody read the generated material', () => {
    const secretId = logicalIdOf(s, s.stack.signingKey.secret);
    const readers = handlersAllowed(s, 'secretsmanager:GetSecretValue');

    expect(readers).toEqual(needing('signingKey'));
    for (const h of readers) {
      const reads = statementsOfHandler(s, h).filter((st) => asArray(st.Action).includes('secretsmanager:GetSecretValue'));
      expect(reads.map((st) => st.Resource), h).toEqual([{ Ref: secretId }]);
    }
  });
});
