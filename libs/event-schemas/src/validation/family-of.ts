import {
  CloudTrailEventName,
  CloudTrailEventSource,
  DetailType,
  EventFamily,
  EventSource,
} from '../eventbridge/event-families';
import { CONFIGURATION_CALL_NAMES } from '../batch-calls/configuration-calls';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cloudTrailFamily(source: unknown, detail: unknown): EventFamily | undefined {
  if (!isRecord(detail)) return undefined;
  const { eventSource, eventName } = detail;
  if (source === EventSource.Ecs && eventSource === CloudTrailEventSource.Ecs) {
    if (
      eventName === CloudTrailEventName.RegisterContainerInstance ||
      eventName === CloudTrailEventName.DeregisterContainerInstance
    ) {
      return EventFamily.EcsContainerInstanceRegistrationCall;
    }
    if (eventName === CloudTrailEventName.RunTask) return EventFamily.EcsRunTaskCall;
  }
  if (
    source === EventSource.AutoScaling &&
    eventSource === CloudTrailEventSource.AutoScaling &&
    eventName === CloudTrailEventName.CreateAutoScalingGroup
  ) {
    return EventFamily.AutoScalingGroupCreationCall;
  }
  if (source === EventSource.Batch && eventSource === CloudTrailEventSource.Batch) {
    if (eventName === CloudTrailEventName.SubmitJob) return EventFamily.BatchJobSubmissionCall;
    if ((CONFIGURATION_CALL_NAMES as readonly unknown[]).includes(eventName)) return EventFamily.BatchConfigurationCall;
  }
  return undefined;
}

/**
 * Classifies an event by `source` and `detail-type` (and, for CloudTrail calls, `detail.eventSource`
 * and `detail.eventName`) without validating the rest; undefined when it belongs to no family.
 *
 * @example
 * ```ts
 * familyOf({ source: 'aws.batch', 'detail-type': 'Batch Job State Change' }); // 'BatchJobStateChange'
 * familyOf({ source: 'aws.ec2' }); // undefined
 * ```
 */
export function familyOf(event: unknown): EventFamily | undefined {
  if (!isRecord(event)) return undefined;
  const source = event.source;
  switch (event['detail-type']) {
    case DetailType.BatchJobStateChange:
      return source === EventSource.Batch ? EventFamily.BatchJobStateChange : undefined;
    case DetailType.BatchJobQueueBlocked:
      return source === EventSource.Batch ? EventFamily.BatchJobQueueBlocked : undefined;
    case DetailType.EcsTaskStateChange:
      return source === EventSource.Ecs ? EventFamily.EcsTaskStateChange : undefined;
    case DetailType.EcsContainerInstanceStateChange:
      return source === EventSource.Ecs ? EventFamily.EcsContainerInstanceStateChange : undefined;
    case DetailType.AwsApiCallViaCloudTrail:
      return cloudTrailFamily(source, event.detail);
    case DetailType.Ec2InstanceLaunchSuccessful:
    case DetailType.Ec2InstanceLaunchUnsuccessful:
    case DetailType.Ec2InstanceTerminateSuccessful:
      return source === EventSource.AutoScaling ? EventFamily.AutoScalingInstanceActivity : undefined;
    default:
      return undefined;
  }
}
