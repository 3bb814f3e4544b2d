import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsTexter } from '../../../functions/adapters/aws/SnsTexter.js';
import { ProviderRejected, ProviderThrottled } from '../../../functions/domain/core/errors.js';

const sns = mockClient(SNSClient);

describe('SNS texter', () => {
  beforeEach(() => sns.reset());

  it('publishes a drip text as Promotional from the origination number', async () => {
    sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: false });
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const r = await new SnsTexter(new SNSClient({ region: 'us-west-2' }), { originationNumber: '+18885550100' }).send({ to: '+17145550123', body: 'Hi', kind: 'promotional' });
    expect(r.providerMessageId).toBe('sns-1');
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.PhoneNumber).toBe('+17145550123');
    expect(input?.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Promotional');
    expect(input?.MessageAttributes?.['AWS.MM.SMS.OriginationNumber']?.StringValue).toBe('+18885550100');
  });

  it("checks the provider's opt-out list and never publishes to an opted-out number (S6)", async () => {
    sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: true });
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    await expect(new SnsTexter(new SNSClient({ region: 'us-west-2' })).send({ to: '+17145550123', body: 'Hi', kind: 'promotional' })).rejects.toBeInstanceOf(ProviderRejected);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('sends a STOP confirmation as Transactional without consulting the opt-out list (S5)', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-2' });
    await new SnsTexter(new SNSClient({ region: 'us-west-2' })).send({ to: '+17145550123', body: 'You are unsubscribed', kind: 'transactional' });
    expect(sns.commandCalls(CheckIfPhoneNumberIsOptedOutCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
  });

  it('classifies SNS throttling as retryable', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $metadata: { httpStatusCode: 400 } }));
    await expect(new SnsTexter(new SNSClient({ region: 'us-west-2' })).send({ to: '+17145550123', body: 'x', kind: 'transactional' })).rejects.toBeInstanceOf(ProviderThrottled);
  });
});
