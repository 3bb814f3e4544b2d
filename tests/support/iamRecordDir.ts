/** Where integration runs leave the recorded AWS calls (functions/adapters/aws/sdkCallRecorder.ts) for tests/iam. */
import { resolve } from 'node:path';

export const IAM_RECORD_DIR = resolve('node_modules/.cache/carecast/iam-calls');
