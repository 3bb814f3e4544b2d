/**
 * cdk-nag acknowledgements (cdk-nag 3 replaced NagSuppressions with CDK's own Validations API).
 *
 * Every acknowledgement names one rule and says why it does not apply here; tests read them
 * back from construct metadata and refuse vague reasons.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledges one cdk-nag rule on a construct and everything below it. */
export const acknowledge = (scope: IConstruct, id: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id, reason });
};
