import { BATCH_CLUSTER_NAME_PATTERNS } from '@batchmon/event-schemas';
import type { JsonataPassState } from '../asl/asl';
import { UNKNOWN } from './instance-item';

/** How long items are kept, in days. */
export interface Retention {
  /** After an instance deregisters. */
  readonly afterDeregistrationDays: number;
  /** After an instance registers (refreshed by later events), in case its deregistration is never seen. */
  readonly afterRegistrationDays: number;
}


/**
 * A JSONata Pass state that reads the container instance out of a Register/Deregister
 * CloudTrail event into `$.instance`, with `unknown` (or 0) for what the event does not carry.
 *
 * It is the one place JSONata is used, for what JSONPath cannot express: looking attributes up by
 * name with a default (a JSONPath filter that matches nothing fails the execution), deriving the
 * compute environment from the cluster name (`AWSBatch-<ce>-<uuid>` or `<ce>_Batch_<uuid>`, by
 * regular expression) and computing expiry times in epoch seconds (date arithmetic).
 */
export function describeInstance(retention: Retention, next: string): JsonataPassState {
  const expression = `(
  $event := $states.input;
  $instance := $event.detail.responseElements.containerInstance;
  $attribute := function($name) { (
    $value := ($instance.attributes[name = $name])[0].value;
    $exists($value) ? $string($value) : '${UNKNOWN}'
  ) };
  $resource := function($name) { (
    $value := ($instance.registeredResources[name = $name])[0].integerValue;
    $type($value) = 'number' ? $value : 0
  ) };
  $cluster := $string($event.detail.requestParameters.cluster);
  $clusterName := $split($cluster, '/')[-1];
  $current := $match($clusterName, /${BATCH_CLUSTER_NAME_PATTERNS.current.source}/);
  $older := $match($clusterName, /${BATCH_CLUSTER_NAME_PATTERNS.older.source}/);
  $seconds := $floor($toMillis($event.time) / 1000);
  $merge([$event, { 'instance': {
    'containerInstanceArn': $instance.containerInstanceArn,
    'ec2InstanceId': $instance.ec2InstanceId,
    'cluster': $clusterName,
    'computeEnvironment': $exists($current) ? $current.groups[0] : ($exists($older) ? $older.groups[0] : $clusterName),
    'availabilityZone': $attribute('ecs.availability-zone'),
    'instanceType': $attribute('ecs.instance-type'),
    'cpuArchitecture': $attribute('ecs.cpu-architecture'),
    'amiId': $attribute('ecs.ami-id'),
    'registeredCpu': $resource('CPU'),
    'registeredMemory': $resource('MEMORY'),
    'expiresAfterRegistration': $seconds + ${retention.afterRegistrationDays * 86400},
    'expiresAfterDeregistration': $seconds + ${retention.afterDeregistrationDays * 86400}
  } }])
)`;
  // One line: the ASL schema only accepts a JSONata template without line breaks.
  const oneLine = expression.replace(/\s*\n\s*/g, ' ');
  return { Type: 'Pass', QueryLanguage: 'JSONata', Output: `{% ${oneLine} %}`, Next: next };
}
