/**
 * Halts sending when the provider refuses the account itself (issue 17): the AccountDenials
 * alarm invokes this function, which disables the send worker's SQS event source mapping. Queued
 * messages then wait in the queue (retention 4 days) instead of failing one by one into FAILED or
 * the DLQ; a person fixes the cause (IAM, identity verification) and re-enables the mapping
 * (docs/deployment.md, "Sending halted"). Only the ALARM transition acts; OK and
 * INSUFFICIENT_DATA change nothing, so recovery is always a human decision.
 */
import { LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { logger } from '../../logger.js';
import { traced } from '../../tracing.js';

/** The part of a CloudWatch alarm's Lambda-action event this handler reads. */
export interface AlarmEvent {
  alarmData?: { alarmName?: string; state?: { value?: string } };
}

let client: LambdaClient | undefined;

/** Disables the mapping named by CARECAST_SEND_MAPPING_ID; returns whether it acted. */
export const haltSending = async (event: AlarmEvent, lambda: Pick<LambdaClient, 'send'> = (client ??= new LambdaClient({}))): Promise<boolean> => {
  if (event.alarmData?.state?.value !== 'ALARM') return false;
  const uuid = process.env.CARECAST_SEND_MAPPING_ID;
  if (!uuid) throw new Error('CARECAST_SEND_MAPPING_ID is not set');
  await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
  logger.error('sending halted: the provider refused the account; send worker mapping disabled', { alarm: event.alarmData.alarmName, mappingId: uuid });
  return true;
};

export const handler = traced(async (event: AlarmEvent): Promise<void> => {
  await haltSending(event);
});
