/**
 * An SNS notification as Lambda receives it, for local mode's simulated inbound texts and SES
 * events (and the chaos harness): one envelope, so every path feeds handlers the same shape.
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';

export const snsNotification = (topic: string, message: string, opts: { messageId?: string; at?: Date } = {}): SNSEvent => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: `arn:aws:sns:local:000000000000:${topic}:local`,
      Sns: {
        Type: 'Notification',
        MessageId: opts.messageId ?? randomUUID(),
        TopicArn: `arn:aws:sns:local:000000000000:${topic}`,
        Subject: '',
        Message: message,
        Timestamp: (opts.at ?? new Date()).toISOString(),
        SignatureVersion: '1',
        Signature: '',
        SigningCertUrl: '',
        UnsubscribeUrl: '',
        MessageAttributes: {},
      },
    },
  ],
});
