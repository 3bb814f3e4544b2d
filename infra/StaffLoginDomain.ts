/**
 * The Cognito managed-login domain prefix. Prefixes are unique per Region across all AWS
 * accounts, so a fixed default (`carecast-prod-staff`) fails for the second clinic that keeps
 * it. The derived prefix is the sender domain's labels plus a short hash of the deployment's
 * identity (sender domain, stack name, resource prefix): stable across deploys, distinct per clinic.
 */
import { createHash } from 'node:crypto';

/** Cognito refuses prefixes containing these words. */
const RESERVED_WORDS = /aws|amazon|cognito/g;
const MAX_PREFIX = 63;

/**
 * @example derivedStaffLoginPrefix({ senderDomain: 'mail.example-clinic.org', stackName: 'Carecast', resourcePrefix: 'carecast-prod' })
 *   // 'mail-example-clinic-org-staff-1a2b3c'
 */
export const derivedStaffLoginPrefix = (c: { senderDomain: string; stackName: string; resourcePrefix: string }): string => {
  const hash = createHash('sha256').update(`${c.senderDomain}|${c.stackName}|${c.resourcePrefix}`).digest('hex').slice(0, 6);
  const suffix = `-staff-${hash}`;
  const base = c.senderDomain
    .toLowerCase()
    .replace(RESERVED_WORDS, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_PREFIX - suffix.length)
    .replace(/-+$/g, '');
  return `${base || 'clinic'}${suffix}`;
};
