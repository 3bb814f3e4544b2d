import { LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { CheckIfPhoneNumberIsOptedOutCommand, OptInPhoneNumberCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyProviderError } from '../../../functions/adapters/aws/providerErrors.js';
import { refusalScope, refusalsSeen } from '../../../functions/adapters/aws/providerRefusals.js';
import { SnsTexter } from '../../../functions/adapters/aws/SnsTexter.js';
import { ProviderHalted, ProviderRejected } from '../../../functions/domain/core/errors.js';
import { haltSending } from '../../../functions/handlers/events/haltSending.js';
import { formOf } from '../../../scripts/smoke/pageForm.js';

const refusal = (name: string, message = '', status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('provider refusals (issue 17)', () => {
  it.each([
    { name: 'AccessDenied', provider: 'SES' as const },
    { name: 'AuthorizationError', provider: 'SNS' as const },
    { name: 'MailFromDomainNotVerified', provider: 'SES' as const },
  ])('an account-level $name halts sending instead of failing the one message', ({ name, provider }) => {
    const before = refusalsSeen().length;
    expect(classifyProviderError(provider, refusal(name, 'denied', 403))).toBeInstanceOf(ProviderHalted);
    expect(refusalsSeen().slice(before)).toEqual([{ scope: 'account', provider, reason: name }]);
  });

  it('tells an unverified sender (account-level) from an unverified sandbox recipient (per-recipient)', () => {
    const sender = 'Email address is not verified. The following identities failed the check in region US-EAST-1: education@mail.example-clinic.org';
    const recipient = 'Email address is not verified. The following identities failed the check in region US-EAST-1: patient@gmail.com';
    expect(refusalScope('MessageRejected', sender, 'mail.example-clinic.org')).toBe('account');
    expect(refusalScope('MessageRejected', recipient, 'mail.example-clinic.org')).toBe('recipient');
    expect(classifyProviderError('SES', refusal('MessageRejected', recipient), { senderDomain: 'mail.example-clinic.org' })).toBeInstanceOf(ProviderRejected);
    expect(classifyProviderError('SES', refusal('MessageRejected', sender), { senderDomain: 'mail.example-clinic.org' })).toBeInstanceOf(ProviderHalted);
  });

  it('counts a per-recipient refusal by its reason, never by address', () => {
    const before = refusalsSeen().length;
    classifyProviderError('SNS', refusal('InvalidParameter', 'Invalid parameter: PhoneNumber +17145550123'));
    expect(refusalsSeen().slice(before)).toEqual([{ scope: 'recipient', provider: 'SNS', reason: 'InvalidParameter' }]);
  });
});

describe('START within 30 days (issue 17)', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());

  it('reports that a number stays opted out when SNS refuses a second opt-in', async () => {
    sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: true });
    sns.on(OptInPhoneNumberCommand).rejects(refusal('InvalidParameterException', 'can only opt in once every 30 days'));
    expect(await new SnsTexter(new SNSClient({ region: 'us-west-2' })).optIn('+17145550123')).toBe(false);
  });

  it('reports success when the number was not opted out or the opt-in went through', async () => {
    sns.on(CheckIfPhoneNumberIsOptedOutCommand).resolves({ isOptedOut: true });
    sns.on(OptInPhoneNumberCommand).resolves({});
    expect(await new SnsTexter(new SNSClient({ region: 'us-west-2' })).optIn('+17145550123')).toBe(true);
  });
});

describe('haltSending', () => {
  const lambda = mockClient(LambdaClient);
  beforeEach(() => {
    lambda.reset();
    process.env.CARECAST_SEND_MAPPING_ID = 'mapping-uuid';
  });
  afterEach(() => delete process.env.CARECAST_SEND_MAPPING_ID);

  it('disables the send worker mapping when the alarm enters ALARM, and does nothing on OK', async () => {
    lambda.on(UpdateEventSourceMappingCommand).resolves({});
    const client = new LambdaClient({ region: 'us-west-2' });
    expect(await haltSending({ alarmData: { state: { value: 'OK' } } }, client)).toBe(false);
    expect(lambda.commandCalls(UpdateEventSourceMappingCommand)).toHaveLength(0);
    expect(await haltSending({ alarmData: { alarmName: 'AccountDenials', state: { value: 'ALARM' } } }, client)).toBe(true);
    expect(lambda.commandCalls(UpdateEventSourceMappingCommand)[0]?.args[0].input).toEqual({ UUID: 'mapping-uuid', Enabled: false });
  });
});

describe('smoke: following a page form', () => {
  it('finds a POST form that posts back to the page, with its hidden fields and entity-decoded values', () => {
    const html = '<main><form method="post" action=""><input type="hidden" name="token" value="a&amp;b"><button type="submit" name="confirm" value="yes">Confirm</button></form></main>';
    expect(formOf(html, 'https://learn.example.org/api/confirm?token=x')).toEqual({
      method: 'post',
      action: 'https://learn.example.org/api/confirm?token=x',
      fields: { token: 'a&b', confirm: 'yes' },
    });
  });

  it('resolves a relative action and reports pages without a form', () => {
    expect(formOf("<form method='POST' action='/api/confirm'></form>", 'https://x.org/api/confirm?token=1')?.action).toBe('https://x.org/api/confirm');
    expect(formOf('<p>You are confirmed</p>', 'https://x.org/')).toBeUndefined();
  });
});
