/**
 * What each handler was observed to need, in FunctionCatalog's terms, from the recorded calls.
 * The catalog is checked against this (tests/iam), so a need the code grows without a catalog
 * entry fails the suite instead of failing in AWS.
 */
import type { RecordedCall } from '../../../functions/adapters/aws/sdkCallRecorder.js';
import type { FunctionNeeds } from '../../../infra/FunctionCatalog.js';

const DYNAMO_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems', 'DescribeTable']);

export const needsObserved = (calls: readonly RecordedCall[]): Map<string, Partial<FunctionNeeds>> => {
  const out = new Map<string, Partial<FunctionNeeds>>();
  for (const c of calls) {
    const n = out.get(c.handler) ?? {};
    if (c.service === 'dynamodb') n.table = DYNAMO_READS.has(c.command) && n.table !== 'readWrite' ? 'read' : 'readWrite';
    if (c.service === 'secretsmanager') n.signingKey = true;
    if (c.service === 'sqs') n.enqueueSends = true;
    if (c.service === 'ses') n.sendEmail = true;
    if (c.service === 'sns') n.sendSms = true;
    if (c.service === 'sns' && c.command === 'OptInPhoneNumber') n.smsOptIn = true;
    out.set(c.handler, n);
  }
  return out;
};
