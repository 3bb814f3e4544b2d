/**
 * The Texter port on SNS Publish to a phone number. Checks the provider's own opt-out list
 * first (S6), then publishes with the SMS type, origination number and sender id from config.
 */
import {
  CheckIfPhoneNumberIsOptedOutCommand,
  OptInPhoneNumberCommand,
  type MessageAttributeValue,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { ProviderRejected } from '../../domain/core/errors.js';
import type { OutgoingText, Texter } from '../../domain/ports/providers.js';
import { classifyProviderError } from './providerErrors.js';
import { recordProviderRefusal } from './providerRefusals.js';

export class SnsTexter implements Texter {
  constructor(
    private readonly client: SNSClient,
    private readonly origination: { originationNumber?: string; senderId?: string } = {},
  ) {}

  async send(text: OutgoingText): Promise<{ providerMessageId: string }> {
    const attributes: Record<string, MessageAttributeValue> = {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: text.kind === 'promotional' ? 'Promotional' : 'Transactional' },
    };
    if (this.origination.originationNumber) {
      attributes['AWS.MM.SMS.OriginationNumber'] = { DataType: 'String', StringValue: this.origination.originationNumber };
    }
    if (this.origination.senderId) {
      attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: this.origination.senderId };
    }
    try {
      if (text.kind === 'promotional') {
        const optedOut = await this.client.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: text.to }));
        if (optedOut.isOptedOut) {
          recordProviderRefusal({ scope: 'recipient', provider: 'SNS', reason: 'OptedOut' });
          throw new ProviderRejected('SNS');
        }
      }
      const r = await this.client.send(new PublishCommand({ PhoneNumber: text.to, Message: text.body, MessageAttributes: attributes }));
      if (!r.MessageId) throw new Error('SNS returned no MessageId');
      return { providerMessageId: r.MessageId };
    } catch (err) {
      throw classifyProviderError('SNS', err);
    }
  }

  async optIn(phone: string): Promise<boolean> {
    try {
      const { isOptedOut } = await this.client.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: phone }));
      if (isOptedOut) await this.client.send(new OptInPhoneNumberCommand({ phoneNumber: phone }));
      return true;
    } catch (err) {
      // SNS refuses a second opt-in within 30 days: the number stays opted out and every text would fail.
      const name = (err as { name?: string }).name;
      if (name === 'InvalidParameterException' || name === 'InvalidParameter') {
        recordProviderRefusal({ scope: 'recipient', provider: 'SNS', reason: 'OptInRefusedWithin30Days' });
        return false;
      }
      throw classifyProviderError('SNS', err);
    }
  }
}
