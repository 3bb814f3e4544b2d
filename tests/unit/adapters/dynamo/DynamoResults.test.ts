/**
 * Issue 16: result counters are single-item atomic ADDs, never inside a transaction. DynamoDB
 * cancels concurrent transactions on one item (TransactionConflict); a click or a send that
 * counted inside one then failed or lost its count. DynamoDB Local does not reproduce that
 * conflict, so this checks the calls the adapter makes.
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoResults } from '../../../../functions/adapters/aws/dynamo/sending/DynamoResults.js';
import { DynamoTable } from '../../../../functions/adapters/aws/dynamo/DynamoTable.js';

const client = new DynamoDBClient({ region: 'us-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const table = new DynamoTable(client, 't');
const doc = mockClient(table.doc);
const results = new DynamoResults(table, 'America/Los_Angeles');
const click = { eventId: 'e-1', kind: 'clicked' as const, at: '2026-03-02T17:00:00.000Z', subscriberId: 's-1', sequenceId: 'seq', stepId: 'welcome' };

describe('DynamoResults counters', () => {
  beforeEach(() => {
    doc.reset();
    // What DynamoDB answers a transaction that touched an item another one was changing.
    doc.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] }));
    doc.on(PutCommand).resolves({});
    doc.on(UpdateCommand).resolves({});
  });

  it('records a click as one conditional put and one atomic ADD (its day row), no transaction', async () => {
    expect(await results.recordStepEvent(click, 0)).toBe(true);
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(doc.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
    const updates = doc.commandCalls(UpdateCommand).map((c) => c.args[0].input.UpdateExpression);
    expect(updates).toHaveLength(1);
    expect(updates.every((u) => u?.startsWith('ADD #e :one'))).toBe(true);
  });

  it('counts a send with one atomic ADD on its day row (totals are the sum of day rows, issue 15), no transaction', async () => {
    await results.countStepEvent('seq', 'welcome', 'sent', '2026-03-02');
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(doc.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(doc.commandCalls(UpdateCommand)[0]?.args[0].input.Key).toEqual({ pk: 'STATS#seq', sk: 'DAY#2026-03-02#STEP#welcome' });
  });
});
