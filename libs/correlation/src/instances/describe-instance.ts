import { BATCH_CLUSTER_NAME_PATTERNS } from '@batchmon/event-schemas';
import type { JsonataPassState } from '../asl/asl';
import { jsonataPass } from '../asl/jsonata';
import { UNKNOWN } from './instance-item';

/** How long items are kept, in days. */
export interface Retention {
  /** After an instance deregisters. */
  readonly afterDeregistrationDays: number;
  /** After an instance registers (refreshed by later events), in case its deregistration is never seen. */
  readonly afterRegistrationDays: number;
}

/**
 * JSONata bindings shared by the states that read a container instance (a CloudTrail
 * `containerInstance` or an ECS Container Instance State Change `detail`):
 * `$attribute(name)` (an `attributes[]` value, or `unknown`), `$resource(list, name)` (a CPU or
 * MEMORY `integerValue`, or 0), `$clusterName` and `$computeEnvironment` (from the cluster name or
 * ARN, both Batch naming formats), `$seconds` (the event time in epoch seconds).
 *
 * @param instance - JSONata expression of the container instance object
 * @param cluster - JSONata expression of the cluster name or ARN
 */
export function instanceBindings(instance: string, cluster: string): string {
  return `$instance := ${instance};
  $attribute := function($name) { (
    $value := ($instance.attributes[name = $name])[0].value;
    $exists($value) ? $string($value) : '${UNKNOWN}'
  ) };
  $resource := function($list, $name) { (
    $value := ($list[name = $name])[0].integerValue;
    $type($value) = 'number' ? $value : 0
  ) };
  $clusterName := $split($string(${cluster}), '/')[-1];
  $current := $match($clusterName, /${BATCH_CLUSTER_NAME_PATTERNS.current.source}/);
  $older := $match($clusterName, /${BATCH_CLUSTER_NAME_PATTERNS.older.source}/);
  $computeEnvironment := $exists($current) ? $current.groups[0] : ($exists($older) ? $older.groups[0] : $clusterName);
  $seconds := $floor($toMillis($states.input.time) / 1000);`;
}

/**
 * A JSONata Pass state that reads the container instance out of a Register/Deregister
 * CloudTrail event into `$.instance`, with `unknown` (or 0) for what the event does not carry —
 * the EC2 instance id included: no metric is dimensioned by it, so its absence must not cost the
 * registration.
 *
 * JSONata, for what JSONPath cannot express: looking attributes up by name with a default (a
 * JSONPath filter that matches nothing fails the execution), deriving the compute environment from
 * the cluster name (by regular expression) and expiry times in epoch seconds (date arithmetic).
 */
export function describeInstance(retention: Retention, next: string): JsonataPassState {
  const expression = `(
  $event := $states.input;
  ${instanceBindings('$event.detail.responseElements.containerInstance', '$event.detail.requestParameters.cluster')}
  $merge([$event, { 'instance': {
    'containerInstanceArn': $instance.containerInstanceArn,
    'ec2InstanceId': $type($instance.ec2InstanceId) = 'string' and $instance.ec2InstanceId != '' ? $instance.ec2InstanceId : '${UNKNOWN}',
    'cluster': $clusterName,
    'computeEnvironment': $computeEnvironment,
    'availabilityZone': $attribute('ecs.availability-zone'),
    'instanceType': $attribute('ecs.instance-type'),
    'cpuArchitecture': $attribute('ecs.cpu-architecture'),
    'amiId': $attribute('ecs.ami-id'),
    'registeredCpu': $resource($instance.registeredResources, 'CPU'),
    'registeredMemory': $resource($instance.registeredResources, 'MEMORY'),
    'expiresAfterRegistration': $seconds + ${retention.afterRegistrationDays * 86400},
    'expiresAfterDeregistration': $seconds + ${retention.afterDeregistrationDays * 86400}
  } }])
)`;
  return jsonataPass(expression, next);
}
