import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workers } from '../../functions/contract/routes.js';
import { FEEDBACK_HANDLER } from '../../infra/FunctionCatalog.js';
import { METRIC_NAMES } from '../../functions/metrics/operationalMetrics.js';
import { functionLogicalId, logicalIdOf, resourcesOf, PRODUCTION_CONTEXT, type Synthesised, synthCarecast } from './support/synthCarecast.js';
import { LOAD_BOUND_MS } from '../support/loadBound.js';

let s: Synthesised;
beforeAll(() => {
  s = synthCarecast({ context: { ...PRODUCTION_CONTEXT } });
}, LOAD_BOUND_MS);
afterAll(() => s?.cleanup());

type Alarm = Record<string, any>;
const alarms = (): Alarm[] => Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties as Alarm);
const alarmOn = (namespace: string, metric: string, dimensions?: unknown): Alarm => {
  const found = alarms().filter((a) => a.Namespace === namespace && a.MetricName === metric && (dimensions === undefined || JSON.stringify(a.Dimensions) === JSON.stringify(dimensions)));
  expect(found, `${namespace} ${metric}`).toHaveLength(1);
  return found[0] as Alarm;
};
const opsTopicRef = () => ({ Ref: logicalIdOf(s, s.stack.monitoring.opsTopic) });

describe('Monitoring: alarms to the ops topic', () => {
  it('alarms as soon as the send DLQ or the async-failure DLQ holds a message (R7)', () => {
    for (const queue of [s.stack.sendQueue.deadLetterQueue, s.stack.functions.asyncFailureQueue]) {
      const a = alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(s, queue), 'QueueName'] } }]);
      expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum', Period: 60 });
    }
  });

  it.each([workers.dispatcher.handler, workers.sendWorker.handler, workers.smsInbound.handler, FEEDBACK_HANDLER])('alarms on any error of the %s worker', (handler) => {
    const a = alarmOn('AWS/Lambda', 'Errors', [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(s, handler) } }]);

    expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Sum', Period: 300 });
  });

  it('alarms when the SES bounce rate exceeds 4 % (O5)', () => {
    expect(alarmOn('AWS/SES', 'Reputation.BounceRate')).toMatchObject({ Threshold: 0.04, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('alarms when the SES complaint rate exceeds 0.08 % (O5)', () => {
    expect(alarmOn('AWS/SES', 'Reputation.ComplaintRate')).toMatchObject({ Threshold: 0.0008, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('alarms on any HTTP API 5xx', () => {
    const a = alarmOn('AWS/ApiGateway', '5xx', [{ Name: 'ApiId', Value: { Ref: logicalIdOf(s, s.stack.api.httpApi) } }]);

    expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Sum' });
  });

  it('alarms at 80 % of the SMS monthly spend limit (S12)', () => {
    expect(s.config.sms?.monthlySpendLimitUsd).toBe(20);
    expect(alarmOn('AWS/SNS', 'SMSMonthToDateSpentUSD')).toMatchObject({ Threshold: 16, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('alarms when the oldest queued send waits over 15 minutes', () => {
    expect(alarmOn('AWS/SQS', 'ApproximateAgeOfOldestMessage')).toMatchObject({ Threshold: 900, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('sends every alarm and its recovery to the ops topic, treating missing data as fine', () => {
    expect(alarms()).toHaveLength(20); // + UNKNOWN outcomes, reconciliation backlog, smsDeliveryStatus errors, text delivery records missing (issue 16), confirmation ceiling, compliance DLQ, account denials, refusals, SMS delivery failures
    for (const a of alarms()) {
      // Every alarm pages the ops topic; the account-denial alarm also halts sending (SendSafety.ts).
      expect(a.AlarmActions, a.AlarmDescription).toContainEqual(opsTopicRef());
      expect(a.TreatMissingData).toBe('notBreaching');
      expect(a.ActionsEnabled ?? true).toBe(true);
    }
  });

  it('encrypts the ops topic and subscribes the ops address', () => {
    expect(s.template.toJSON().Resources[logicalIdOf(s, s.stack.monitoring.opsTopic)].Properties.KmsMasterKeyId).toBeDefined();
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: s.config.opsEmail, TopicArn: opsTopicRef() });
  });

  /** The Carecast metric names an alarm's metric math reads. */
  const mathAlarm = (name: string): { expression: string; metrics: string[] } => {
    const found = alarms().filter((a) => String(a.AlarmDescription ?? '').includes(name));
    expect(found, name).toHaveLength(1);
    const m = (found[0] as Alarm).Metrics as { Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string } } }[];
    for (const x of m) if (x.MetricStat) expect(x.MetricStat.Metric.Namespace).toBe('Carecast');
    return { expression: m.find((x) => x.Expression)?.Expression ?? '', metrics: m.flatMap((x) => (x.MetricStat ? [x.MetricStat.Metric.MetricName] : [])) };
  };

  it('alarms on UNKNOWN outcomes of both channels and on the email reconciliation backlog (issue 16)', () => {
    expect(mathAlarm('ended UNKNOWN').metrics).toEqual(['MessagesUnknown', 'MessagesUnknown']);
    const backlog = mathAlarm('neither settled by their SES event');
    expect(backlog.metrics.sort()).toEqual(['MessagesUnknown', 'UnknownReconciled', 'UnknownResent']);
    expect(backlog.expression).toContain('-');
    for (const name of backlog.metrics) expect(METRIC_NAMES).toContain(name);
  });

  it('alarms when texts go out and no SNS delivery-status record comes back, so UNKNOWN texts cannot be settled (issue 16)', () => {
    const missing = mathAlarm('no SNS delivery-status record arrived');
    expect(missing.metrics.sort()).toEqual(['MessagesSent', 'TextDeliveryRecords', 'TextDeliveryRecords']);
    expect(missing.expression).toMatch(/^IF\(FILL\(sent, 0\) >= 20 AND/);
    for (const name of missing.metrics) expect(METRIC_NAMES).toContain(name);
    const a = alarms().find((x) => String(x.AlarmDescription).includes('no SNS delivery-status record'));
    const statuses = (a?.Metrics as { MetricStat?: { Metric: { Dimensions: { Name: string; Value: string }[] } } }[]).flatMap((m) => m.MetricStat?.Metric.Dimensions.filter((d) => d.Name === 'Status').map((d) => d.Value) ?? []);
    // The values SNS writes in a delivery-status record's "status" (the handler's dimension).
    expect(statuses.sort()).toEqual(['FAILURE', 'SUCCESS']);
  });

  it('has one operations dashboard whose Carecast metrics are all ones the code emits, and traces every function (issue 16)', () => {
    const dashboards = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties?.DashboardBody);
    const named = [...body.matchAll(/\\"Carecast\\",\\"([A-Za-z]+)\\"/g), ...body.matchAll(/MetricName=\\\\\\"([A-Za-z]+)\\\\\\"/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(5);
    for (const name of named) expect(METRIC_NAMES).toContain(name);
    const ours = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function'))
      .map((f) => f.Properties as Alarm)
      .filter((p) => String(p.Description ?? '').startsWith('Carecast'));
    expect(ours.length).toBeGreaterThan(10);
    const untraced = ours.filter((p) => p.TracingConfig?.Mode !== 'Active');
    expect(untraced).toHaveLength(0);
  });
});
