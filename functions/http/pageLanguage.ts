/** The page language: `?lang=` first, then the browser's Accept-Language, else English. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { headerOf } from './readBody.js';

export const pageLanguage = (event: APIGatewayProxyEventV2): 'en' | 'es' => {
  const q = event.queryStringParameters?.lang;
  if (q === 'es' || q === 'en') return q;
  return /^\s*es\b/i.test(headerOf(event, 'accept-language') ?? '') ? 'es' : 'en';
};
