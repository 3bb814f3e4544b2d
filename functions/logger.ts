/**
 * The one structured logger. Log ids only (subscriberId, sendId, step, channel): never an
 * address, a name, a token, a rendered message or a raw event (P5).
 */
import { Logger } from '@aws-lambda-powertools/logger';

type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';

export const logger = new Logger({ serviceName: 'carecast', logLevel: (process.env.CARECAST_LOG_LEVEL as 'INFO') ?? 'INFO' });

/**
 * Sets the level the logger keeps for every later invocation, for local mode, whose env
 * (`CARECAST_LOG_LEVEL` in `startLocalStack({ env })`) arrives after this module built the logger.
 *
 * Why not `logger.setLogLevel` alone: Powertools' `injectLambdaContext` calls
 * `refreshSampleRateCalculation()` on every warm invocation, which puts the level back to the one
 * chosen at construction, so a chaos run asked for CRITICAL printed INFO from its second request on.
 * Powertools 2.x exposes no public setter for that construction-time level; its own
 * `setInitialLogLevel` (constructor level > env) is the one that sets it. In Lambda the env is there
 * before construction, so this is never needed there.
 *
 * @param level a Powertools level name, case-insensitive; throws on an unknown name
 */
export function setBaseLogLevel(level: string): void {
  const upper = level.toUpperCase() as LogLevel;
  logger.setLogLevel(upper); // throws on an unknown level, before the private call below
  (logger as unknown as { setInitialLogLevel(l: LogLevel): void }).setInitialLogLevel(upper);
}
