/**
 * SNS SMS delivery-status records as a CloudWatch Logs subscription filter delivers them (issue 16).
 * Fixtures: the record shapes AWS publishes (tests/fixtures/sns, from the AWS Knowledge Center's
 * "monitor SNS texts with CloudWatch", number replaced).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSmsDeliveryLogs, parseSmsDeliveryRecord, snsLogTime } from '../../../functions/adapters/aws/smsDeliveryLog.js';
import { awslogsEvent, smsDeliveryRecord } from '../../../local/smsDeliveryLogs.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/sns/${name}.json`, import.meta.url), 'utf8');

describe('SNS SMS delivery-status records', () => {
  it('reads a success and a failure record: message id, UTC time, number, status', () => {
    expect(parseSmsDeliveryRecord(fixture('sms-delivery-success'))).toEqual({
      providerMessageId: '34d9b400-c6dd-5444-820d-fbeb0f1f54cf',
      at: '2016-06-28T00:40:34.558Z',
      status: 'SUCCESS',
      destination: '+17145550100',
    });
    expect(parseSmsDeliveryRecord(fixture('sms-delivery-failure'))?.status).toBe('FAILURE');
  });

  it('unwraps the subscription filter payload (base64 gzip) and skips lines that are not records', () => {
    const data = gzipSync(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        logGroup: 'sns/us-west-2/123456789012/DirectPublishToPhoneNumber/Failure',
        logEvents: [
          { id: '1', timestamp: 1, message: fixture('sms-delivery-failure') },
          { id: '2', timestamp: 2, message: 'not json' },
          { id: '3', timestamp: 3, message: '{"notification":{}}' },
        ],
      }),
    ).toString('base64');
    const r = parseSmsDeliveryLogs({ awslogs: { data } });
    expect(r.records.map((x) => x.providerMessageId)).toEqual(['1077257a-92f3-5ca3-bc97-6a915b310625']);
    expect(r.skipped).toBe(2);
  });

  it('a CONTROL_MESSAGE (CloudWatch Logs checking the destination) or garbage carries no records', () => {
    const control = gzipSync(JSON.stringify({ messageType: 'CONTROL_MESSAGE', logEvents: [{ message: 'CWL CONTROL MESSAGE' }] })).toString('base64');
    expect(parseSmsDeliveryLogs({ awslogs: { data: control } })).toEqual({ records: [], skipped: 0, messageType: 'CONTROL_MESSAGE' });
    expect(parseSmsDeliveryLogs({ awslogs: { data: 'bm90IGd6aXA=' } }).records).toEqual([]);
    expect(parseSmsDeliveryLogs({}).records).toEqual([]);
  });

  it('local mode logs what SNS logs: its records read back to the same text', () => {
    const at = new Date('2026-12-01T06:50:00.123Z');
    const event = awslogsEvent([smsDeliveryRecord({ messageId: 'm-1', to: '+17145550123', at })]);
    expect(parseSmsDeliveryLogs(event).records).toEqual([{ providerMessageId: 'm-1', at: at.toISOString(), status: 'SUCCESS', destination: '+17145550123' }]);
  });

  it('reads SNS timestamps as UTC and refuses what is not a time', () => {
    expect(snsLogTime('2026-12-01 23:59:59.999')).toBe('2026-12-01T23:59:59.999Z');
    expect(snsLogTime('yesterday')).toBeUndefined();
  });
});
