import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger, setBaseLogLevel } from '../../../functions/logger.js';

const context = { functionName: 'carecast-test', awsRequestId: 'req-1', invokedFunctionArn: 'arn:aws:lambda:local:0:function:x', memoryLimitInMB: '128' } as unknown as Context;

/** What the handler printed over `times` warm invocations, as parsed log lines. */
async function printedOver(times: number): Promise<Array<{ level: string; message: string }>> {
  const lines: string[] = [];
  // Powertools prints through its own Console, made at construction; catch what reaches it.
  const sink = (logger as unknown as { console: Record<string, (line: string) => void> }).console;
  const spies = (['debug', 'info', 'warn', 'error', 'log', 'trace'] as const).map((m) =>
    vi.spyOn(sink, m).mockImplementation((line: string) => void lines.push(line)),
  );
  try {
    const handler = middy(async () => {
      logger.info('a routine step');
      logger.warn('something to look at');
      return 'ok';
    }).use(injectLambdaContext(logger, { resetKeys: true }));
    for (let i = 0; i < times; i++) await handler({}, context);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines
    .map((l) => JSON.parse(l) as { level: string; message: string });
}

describe('local mode log level (CARECAST_LOG_LEVEL set after the logger was built)', () => {
  afterEach(() => setBaseLogLevel('INFO'));

  it('keeps the asked level on every warm invocation, not only the first', async () => {
    setBaseLogLevel('warn');
    const printed = await printedOver(3);
    expect(printed.filter((l) => l.level === 'INFO')).toEqual([]);
    expect(printed.filter((l) => l.level === 'WARN')).toHaveLength(3);
  });

  it('refuses a level Powertools does not know, leaving the level as it was', () => {
    expect(() => setBaseLogLevel('LOUD')).toThrow(/Invalid log level/);
    expect(logger.getLevelName()).toBe('INFO');
  });
});
