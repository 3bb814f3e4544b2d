/**
 * The one structured logger. Log ids only (subscriberId, sendId, step, channel): never an
 * address, a name, a token, a rendered message or a raw event (P5).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'carecast', logLevel: (process.env.CARECAST_LOG_LEVEL as 'INFO') ?? 'INFO' });
