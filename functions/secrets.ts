/**
 * The link-signing keys and the address-hash key. One JSON shape, from Secrets Manager in AWS
 * (read once per cold start and cached) or from CARECAST_SIGNING_KEYS in local mode and tests:
 * `{ "signingKeys": { "k1": "…" }, "addressHashKey": "…" }`.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { Config } from './config.js';

const SecretShape = z.object({
  signingKeys: z.record(z.string(), z.string().min(32)).refine((k) => Object.keys(k).length > 0, 'at least one key'),
  addressHashKey: z.string().min(32),
});
export type CarecastSecrets = z.infer<typeof SecretShape>;

export const parseSecrets = (json: string): CarecastSecrets => SecretShape.parse(JSON.parse(json));

export const loadSecrets = async (cfg: Config): Promise<CarecastSecrets> => {
  if (cfg.signingKeysJson) return parseSecrets(cfg.signingKeysJson);
  if (!cfg.signingSecretArn) throw new Error('Set CARECAST_SIGNING_SECRET_ARN (AWS) or CARECAST_SIGNING_KEYS (local)');
  const client = new SecretsManagerClient({ region: cfg.region });
  const r = await client.send(new GetSecretValueCommand({ SecretId: cfg.signingSecretArn }));
  if (!r.SecretString) throw new Error('The signing secret is empty');
  return parseSecrets(r.SecretString);
};
