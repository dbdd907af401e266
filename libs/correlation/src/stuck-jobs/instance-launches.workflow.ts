import { BATCH_GROUP_NAME_MARKER, DetailType, LAUNCH_FAILURE_PATTERNS } from '@batchmon/event-schemas';
import type { StateMachineDefinition } from '../asl/asl';
import { WORKFLOW_NAMES } from '../workflow-names';
import { TRANSIENT_RETRY, num, sendMetricMessage, str, updateItem, withNumberTexts, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { SEND_STATE, requireFields, skip } from '../records/skips';
import { EVIDENCE_RETENTION_SECONDS, EVIDENCE_TABLE, evidenceBucket } from './evidence-item';

/** Name of the workflow, as it appears in metrics (`Workflow` dimension) and in the console. */
export const INSTANCE_LAUNCHES = WORKFLOW_NAMES.instanceLaunches;

/** What the InstanceLaunches workflow writes to. */
export interface InstanceLaunchesResources extends PartitionResources {
  readonly evidenceTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reason of a launch of a group whose name is not `<compute environment>-asg-<uuid>`. */
export const NOT_A_BATCH_GROUP_LAUNCH = 'not-a-batch-group';

/** Skip reason of a successful launch that names no instance (nothing could ever register). */
export const LAUNCH_WITHOUT_INSTANCE = 'missing:detail.EC2InstanceId';

const W = INSTANCE_LAUNCHES;
const L = EVIDENCE_TABLE;
const RECORDED = 'The launch is recorded as evidence';

/**
 * JSONata: `$.launch`, what the evidence write needs: the compute environment (the group's name
 * before its last `-asg-`, empty when there is none), the bucket, the entry, the failure's class
 * from its status message, and the expiry.
 */
function describeLaunch(): string {
  const classes = LAUNCH_FAILURE_PATTERNS.map(
    ({ failureClass, patterns }) => `(${patterns.map((pattern) => `$contains($message, /${pattern.source}/${pattern.flags})`).join(' or ')}) ? '${failureClass}'`,
  ).join(' : ');
  return `(
  $event := $states.input;
  $d := $event.detail;
  $group := $d.AutoScalingGroupName;
  $parts := $split($group, '${BATCH_GROUP_NAME_MARKER}');
  $ce := $count($parts) > 1 ? $substring($group, 0, $length($group) - $length($parts[-1]) - ${BATCH_GROUP_NAME_MARKER.length}) : '';
  $ms := $toMillis($event.time);
  $seconds := $string($floor($ms / 1000));
  $message := $type($d.StatusMessage) = 'string' ? $d.StatusMessage : '';
  $class := ${classes} : 'other';
  $successful := $event.'detail-type' = '${DetailType.Ec2InstanceLaunchSuccessful}';
  $instance := $type($d.EC2InstanceId) = 'string' and $d.EC2InstanceId != '' ? $d.EC2InstanceId;
  $activity := $type($d.ActivityId) = 'string' and $d.ActivityId != '' ? $d.ActivityId : $event.id;
  $merge([$event, { 'launch': ${withNumberTexts(
    `{
    'computeEnvironment': $ce,
    'bucket': ${evidenceBucket('$ms')},
    'successful': $successful,
    'hasInstance': $exists($instance),
    'entry': $successful ? $seconds & '|' & $instance : $seconds & '|' & $class & '|' & $activity,
    'message': $message = '' ? 'no status message' : $message,
    'expiresAt': $floor($ms / 1000) + ${EVIDENCE_RETENTION_SECONDS}
  }`,
    ['expiresAt'],
  )} }])
)`;
}

/**
 * InstanceLaunches: Auto Scaling `EC2 Instance Launch Successful` and `EC2 Instance Launch
 * Unsuccessful` events of Batch-created groups (the rule takes groups named `*-asg-*`) → evidence
 * for the diagnosis of stuck jobs, in the evidence table under the group's compute environment:
 * each failure with its class (`insufficient-capacity`, `vcpu-limit`, `other`, from its
 * `StatusMessage`), each success with its EC2 instance (the diagnosis finds the ones that never
 * registered). One update adding the entry to a string set: a repeated delivery adds nothing,
 * events in any order leave the same item. Publishes no metric of its own (the stuck jobs'
 * records carry the evidence); a launch it cannot use is a counted skip.
 *
 * @example
 * const definition = instanceLaunchesWorkflow({ evidenceTable: 'Evidence', metricsQueueUrl: url, partition: 'aws' });
 */
export function instanceLaunchesWorkflow(resources: InstanceLaunchesResources): StateMachineDefinition {
  const write = (successful: boolean) =>
    updateItem(
      resources.partition,
      {
        TableName: resources.evidenceTable,
        Key: { [L.partitionKey]: str('$.launch.computeEnvironment'), [L.sortKey]: str('$.launch.bucket') },
        UpdateExpression: successful ? 'ADD #entries :entry SET #expiresAt = :expiresAt' : 'ADD #entries :entry SET #expiresAt = :expiresAt, #message = :message',
        ExpressionAttributeNames: {
          '#entries': successful ? L.launchesAttribute : L.launchFailuresAttribute,
          '#expiresAt': L.timeToLiveAttribute,
          ...(successful ? {} : { '#message': L.launchFailureMessageAttribute }),
        },
        ExpressionAttributeValues: {
          ':entry': { 'SS.$': 'States.Array($.launch.entry)' },
          ':expiresAt': num('$.launch.n.expiresAt'),
          ...(successful ? {} : { ':message': str('$.launch.message') }),
        },
      },
      { Comment: 'A set union: a repeated delivery adds nothing.', ResultPath: null, Retry: TRANSIENT_RETRY, Next: RECORDED },
    );
  return {
    Comment: 'Records the instance launches of Batch-created Auto Scaling groups, and their failures by class, as evidence for the diagnosis of stuck jobs.',
    StartAt: 'Is the launch event complete?',
    TimeoutSeconds: 60,
    States: {
      ...requireFields(
        W,
        'Is the launch event complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.detail.AutoScalingGroupName', label: 'Auto Scaling group name' },
        ],
        'Describe the launch',
      ),
      'Describe the launch': jsonataPass(describeLaunch(), 'Is the group a Batch one?'),
      'Is the group a Batch one?': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.launch.computeEnvironment', StringEquals: '', Next: 'Skip: not a Batch group' },
          { Variable: '$.launch.successful', BooleanEquals: false, Next: 'Remember the failed launch' },
          { Variable: '$.launch.hasInstance', BooleanEquals: true, Next: 'Remember the launched instance' },
        ],
        Default: 'Skip: the launch names no instance',
      },
      'Skip: not a Batch group': skip(W, NOT_A_BATCH_GROUP_LAUNCH),
      'Skip: the launch names no instance': skip(W, LAUNCH_WITHOUT_INSTANCE),
      'Remember the failed launch': write(false),
      'Remember the launched instance': write(true),
      [RECORDED]: {
        Type: 'Succeed',
        Comment: 'Evidence, not a metric: the stuck jobs’ records cite it, and a launch failure’s class and message are kept with it.',
      },
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
