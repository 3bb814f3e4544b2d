/** The DynamoDB and in-memory Stores offer the same port methods, so unit tests exercise what production calls. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoStore } from '../../../functions/adapters/aws/dynamo/createDynamoStore.js';
import { composePorts } from '../../../functions/adapters/composePorts.js';
import { createMemoryStore } from '../../../functions/adapters/memory/createMemoryStore.js';

/** Read helpers of the in-memory adapters that tests use beyond the ports. */
const MEMORY_ONLY = ['updateMessage', 'inboundTexts', 'stepEvents'];

describe('composePorts', () => {
  it('builds both Stores with the same method names', () => {
    const dynamo = Object.keys(createDynamoStore(new DynamoDBClient({ region: 'us-west-2' }), 'table')).sort();
    const memory = Object.keys(createMemoryStore().store).filter((k) => !MEMORY_ONLY.includes(k)).sort();
    expect(memory).toEqual(dynamo);
    expect(dynamo.length).toBeGreaterThan(60);
  });

  it('refuses two adapters that define the same method', () => {
    class A {
      get() {}
    }
    class B {
      get() {}
    }
    expect(() => composePorts(new A(), new B())).toThrow(/Two adapters define get/);
  });
});
