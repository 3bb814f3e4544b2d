/**
 * Every function's log lines name the function and request that wrote them (issue 16: operators
 * can see it). The event functions (send worker, dispatcher, feedback, inbound texts) had no
 * Lambda context on their logger: in AWS their lines named no request, and in local mode, where
 * one process runs every function, the send worker's lines carried the last HTTP route's name.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../functions/logger.js';
import { traced } from '../../../functions/tracing.js';
import { localLambdaContext } from '../../../local/localLambdaContext.js';

type Line = { level: string; message: string; function_name?: string; function_request_id?: string };

/** Log lines printed while `run` runs, parsed. */
const linesPrintedBy = async (run: () => Promise<void>): Promise<Line[]> => {
  const lines: string[] = [];
  const sink = (logger as unknown as { console: Record<string, (line: string) => void> }).console;
  const spies = (['debug', 'info', 'warn', 'error', 'log'] as const).map((m) => vi.spyOn(sink, m).mockImplementation((line: string) => void lines.push(line)));
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.map((l) => JSON.parse(l) as Line);
};

describe('log lines of the event functions', () => {
  afterEach(() => vi.restoreAllMocks());

  it("carry the send worker's own name and request id, not those of the HTTP route that ran before it", async () => {
    const route = middy(async () => logger.info('signup handled')).use(injectLambdaContext(logger, { resetKeys: true }));
    const worker = traced(async () => logger.info('send job done'));
    const workerContext = localLambdaContext('sendWorker');
    const lines = await linesPrintedBy(async () => {
      await route({}, localLambdaContext('subscribe'));
      await worker({}, workerContext);
    });
    expect(lines.map((l) => [l.message, l.function_name])).toEqual([
      ['signup handled', 'carecast-local-subscribe'],
      ['send job done', 'carecast-local-sendWorker'],
    ]);
    expect(lines[1]?.function_request_id).toBe(workerContext.awsRequestId);
  });
});
