import { SAMPLE_RESOURCES } from '@batchmon/event-schemas';

// The simulated account and region are the builders' sample ones, so that simulated events and
// events built directly in tests describe the same account.

/** `arn:aws:<service>:<region>:<account>:<resource>` in the simulated account. */
export function arn(service: string, resource: string): string {
  return `arn:aws:${service}:${SAMPLE_RESOURCES.region}:${SAMPLE_RESOURCES.account}:${resource}`;
}

/** An IAM role ARN (IAM ARNs have no region). */
export function roleArn(name: string): string {
  return `arn:aws:iam::${SAMPLE_RESOURCES.account}:role/${name}`;
}

/** The ARN of an assumed-role session (CloudTrail `userIdentity.arn` of a service acting through a role). */
export function assumedRoleArn(role: string, session: string): string {
  return `arn:aws:sts::${SAMPLE_RESOURCES.account}:assumed-role/${role}/${session}`;
}
