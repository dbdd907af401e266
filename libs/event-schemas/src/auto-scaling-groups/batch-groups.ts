import { DetailType } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { instanceActivityPattern } from './instance-activity';

/**
 * What separates a compute environment's name from the uuid in the name of the Auto Scaling group
 * AWS Batch creates for it: `<compute environment>-asg-<uuid>`. The launch events name the group
 * only, so this is how a launch is tied to its compute environment.
 */
export const BATCH_GROUP_NAME_MARKER = '-asg-';

/**
 * The compute environment a Batch-created Auto Scaling group belongs to, from the group's name;
 * undefined when the name is not `<compute environment>-asg-<uuid>`. The last marker counts: a
 * compute environment's own name may contain `-asg-`, the uuid cannot.
 *
 * @example
 * computeEnvironmentOfGroup('gpu-spot-asg-1a2b3c4d-0000-4000-8000-000000000000'); // 'gpu-spot'
 * computeEnvironmentOfGroup('web-servers'); // undefined
 */
export function computeEnvironmentOfGroup(groupName: string): string | undefined {
  const at = groupName.lastIndexOf(BATCH_GROUP_NAME_MARKER);
  return at > 0 ? groupName.slice(0, at) : undefined;
}

/**
 * The rule pattern of the instance launches the diagnosis of stuck jobs keeps as evidence: the
 * launches (successful or not) of the instance activity family, of groups named like Batch's (a
 * wildcard: the compute environment's name comes first, so no prefix can tell it). Terminations and
 * other groups' launches start no execution.
 */
export const batchInstanceLaunchPattern = {
  source: instanceActivityPattern.source,
  'detail-type': [DetailType.Ec2InstanceLaunchSuccessful, DetailType.Ec2InstanceLaunchUnsuccessful],
  detail: { AutoScalingGroupName: [{ wildcard: `*${BATCH_GROUP_NAME_MARKER}*` }] },
} as const satisfies EventPattern;
