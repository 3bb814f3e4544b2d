/** Shapes of HTTP answers (API Gateway v2 results). */
import type { APIGatewayProxyStructuredResultV2 as Result } from 'aws-lambda';

export type HttpResult = Result & { statusCode: number; headers: Record<string, string> };

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

export const htmlPage = (statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body,
});

export const errorBody = (code: string, message: string, fields: Record<string, string> = {}) => ({
  error: { code, message, fields },
});
