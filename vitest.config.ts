import { defineConfig } from 'vitest/config';
import { LOAD_BOUND_MS } from './tests/support/loadBound.js';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/localStack.ts'],
          // Hang guards only (tests/support/loadBound.ts): under stress-ng single tests took over 30 s.
          testTimeout: LOAD_BOUND_MS,
          hookTimeout: LOAD_BOUND_MS,
        },
      },
      { test: { name: 'infra', include: ['tests/infra/**/*.test.ts'], testTimeout: LOAD_BOUND_MS, hookTimeout: LOAD_BOUND_MS } },
      // Runs after the integration suites (groupOrder), on the AWS calls they recorded.
      { test: { name: 'iam', include: ['tests/iam/**/*.test.ts'], testTimeout: LOAD_BOUND_MS, hookTimeout: LOAD_BOUND_MS, sequence: { groupOrder: 1 } } },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
