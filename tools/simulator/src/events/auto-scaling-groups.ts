import { buildCreateAutoScalingGroupCall, type CreateAutoScalingGroupCall } from '@batchmon/event-schemas';
import type { CloudTrailIds } from './container-instances';
import { envelopeTime } from './event-time';

/** The Auto Scaling group Batch creates for an EC2 or Spot compute environment. */
export interface AutoScalingGroupInput {
  readonly ids: CloudTrailIds;
  readonly at: number;
  readonly autoScalingGroupName: string;
  readonly launchTemplateName: string;
  readonly spot: boolean;
  readonly instanceTypes: readonly string[];
  readonly maxvCpus: number;
  readonly subnets: readonly string[];
  readonly computeEnvironmentArn: string;
}

/**
 * A CloudTrail `CreateAutoScalingGroup` by Batch: on-demand groups name the `Batch-lt-` launch
 * template directly, Spot groups through a mixed instances policy listing the instance types.
 */
export function renderCreateAutoScalingGroupCall(input: AutoScalingGroupInput): CreateAutoScalingGroupCall {
  const event = buildCreateAutoScalingGroupCall({
    autoScalingGroupName: input.autoScalingGroupName,
    launchTemplateName: input.launchTemplateName,
    launchTemplateIn: input.spot ? 'mixedInstancesPolicy' : 'launchTemplate',
    time: envelopeTime(input.at),
  });
  const request = event.detail.requestParameters;
  const mixed = request.mixedInstancesPolicy;
  return {
    ...event,
    id: input.ids.eventId,
    detail: {
      ...event.detail,
      eventID: input.ids.cloudTrailEventId,
      requestID: input.ids.requestId,
      requestParameters: {
        ...request,
        ...(mixed?.launchTemplate === undefined
          ? {}
          : {
              mixedInstancesPolicy: {
                ...mixed,
                launchTemplate: { ...mixed.launchTemplate, overrides: input.instanceTypes.map((instanceType) => ({ instanceType })) },
              },
            }),
        minSize: 0,
        maxSize: Math.max(1, Math.ceil(input.maxvCpus / 2)),
        desiredCapacity: 0,
        vPCZoneIdentifier: input.subnets.join(','),
        tags: [
          { key: 'AWSBatchServiceTag', value: input.computeEnvironmentArn, propagateAtLaunch: true },
          { key: 'Name', value: 'Batch instance - ' + input.autoScalingGroupName.replace(/-asg-.*$/, ''), propagateAtLaunch: true },
        ],
      },
    },
  };
}
