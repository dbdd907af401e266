import { BATCH_LAUNCH_TEMPLATE_MARKER } from '@batchmon/event-schemas';
import type { ChoiceRule, Retrier, StateMachineDefinition } from '../asl/asl';
import { describeAutoScalingGroups, enableMetricsCollection, sendMetricMessage, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { buildMessage } from '../records/metric-records';
import { countOnce } from '../deliveries/count-once';
import { SEND_STATE, requireFields, skip } from '../records/skips';
import { WORKFLOW_NAMES } from '../workflow-names';

/** What the AsgMonitoring workflow writes to. */
export interface AsgMonitoringResources extends PartitionResources {
  /** Where each monitored group is remembered, so a repeated delivery counts it once. */
  readonly deliveriesTable: string;
  readonly metricsQueueUrl: string;
}

/**
 * The Auto Scaling group metrics batchmon enables on Batch-created groups: the sizes and the
 * instance and capacity counts the EC2 capacity and ASG utilization dashboards chart (warm pool
 * metrics are left out: Batch groups have none).
 */
export const BATCH_ASG_METRICS = [
  'GroupMinSize',
  'GroupMaxSize',
  'GroupDesiredCapacity',
  'GroupInServiceInstances',
  'GroupPendingInstances',
  'GroupStandbyInstances',
  'GroupTerminatingInstances',
  'GroupTotalInstances',
  'GroupInServiceCapacity',
  'GroupPendingCapacity',
  'GroupStandbyCapacity',
  'GroupTerminatingCapacity',
  'GroupTotalCapacity',
] as const;

/** The only granularity EnableMetricsCollection accepts. */
export const ASG_METRICS_GRANULARITY = '1Minute';

/** Skip reason of a CreateAutoScalingGroup call that failed (`errorCode`): there is no group. */
export const GROUP_NOT_CREATED = 'group-not-created';

/** Skip reason of a group whose launch template, looked up by its id, is not a Batch one. */
export const NOT_A_BATCH_GROUP = 'not-a-batch-group';

/** Skip reason of a group DescribeAutoScalingGroups no longer finds (deleted since it was created). */
export const GROUP_NOT_FOUND = 'group-not-found';

/** Skip reason of a group creation delivered again after the group was counted. */
export const DUPLICATE_GROUP = 'duplicate-group';

/**
 * Retries of EnableMetricsCollection and DescribeAutoScalingGroups. AWS SDK integrations name errors `<Service>.<Error>Exception`;
 * Auto Scaling models `ResourceContention` (ResourceContentionException) but not throttling, which
 * the Java SDK behind the integration reports as its base `AutoScalingException` — as it does
 * validation errors, so those are retried too (bounded, harmless) before the execution fails and
 * shows in the failed-executions health metric.
 */
export const ENABLE_METRICS_RETRY: readonly Retrier[] = [
  {
    ErrorEquals: ['AutoScaling.AutoScalingException', 'AutoScaling.ResourceContentionException', 'States.Timeout'],
    IntervalSeconds: 1,
    MaxAttempts: 4,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
];

const W = WORKFLOW_NAMES.asgMonitoring;
const ENABLE = 'Enable the group’s metrics';
const LOOK_UP = 'Look up the group';

/** A Choice rule: the string at `path` is there and names a Batch launch template (`Batch-lt-…`). */
const namesBatchLaunchTemplate = (path: string, next: string): ChoiceRule & { readonly Next: string } => ({
  And: [
    { Variable: path, IsPresent: true },
    { Variable: path, StringMatches: `${BATCH_LAUNCH_TEMPLATE_MARKER}*` },
  ],
  Next: next,
});

/**
 * AsgMonitoring: CloudTrail CreateAutoScalingGroup calls whose launch template is a Batch one
 * (`Batch-lt-…`, directly or in the mixed instances policy: the rule filters) → enables the group's
 * metrics at 1-minute granularity through the AWS SDK integration
 * `autoscaling:enableMetricsCollection`, then counts `AutoScalingGroupsMonitored`.
 *
 * A request may name its launch template by id only (the rule lets those through): the workflow
 * then asks DescribeAutoScalingGroups once for the group — the response names the launch template —
 * and enables its metrics only when that name is a Batch one; other groups are skipped as
 * `not-a-batch-group`, a group already deleted as `group-not-found`. One call per group creation,
 * never a schedule.
 *
 * Enabling twice (a repeated delivery) is harmless: the call is idempotent. Counting twice is not:
 * the deliveries table remembers the groups counted, so each group is counted once. Groups created
 * before batchmon was deployed are covered by `npx nx run infra:enable-asg-metrics`.
 *
 * @example
 * const definition = asgMonitoringWorkflow({ deliveriesTable: 'Deliveries', metricsQueueUrl: url });
 */
export function asgMonitoringWorkflow(resources: AsgMonitoringResources): StateMachineDefinition {
  return {
    Comment: 'Enables group metrics on the Auto Scaling groups AWS Batch creates.',
    StartAt: 'Was the group created?',
    TimeoutSeconds: 60,
    States: {
      'Was the group created?': {
        Type: 'Choice',
        Comment: 'The rule drops failed calls; this guards events that reach the workflow otherwise.',
        Choices: [{ Variable: '$.detail.errorCode', IsPresent: true, Next: 'Skip: the group was not created' }],
        Default: 'Is the group creation complete?',
      },
      'Skip: the group was not created': skip(W, GROUP_NOT_CREATED),
      ...requireFields(
        W,
        'Is the group creation complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.detail.requestParameters.autoScalingGroupName', label: 'Auto Scaling group name' },
        ],
        'Does the request name a Batch launch template?',
      ),
      'Does the request name a Batch launch template?': {
        Type: 'Choice',
        Choices: [
          namesBatchLaunchTemplate('$.detail.requestParameters.launchTemplate.launchTemplateName', ENABLE),
          namesBatchLaunchTemplate('$.detail.requestParameters.mixedInstancesPolicy.launchTemplate.launchTemplateSpecification.launchTemplateName', ENABLE),
        ],
        Default: LOOK_UP,
      },
      [LOOK_UP]: describeAutoScalingGroups(
        resources.partition,
        { 'AutoScalingGroupNames.$': 'States.Array($.detail.requestParameters.autoScalingGroupName)' },
        {
          Comment: 'The request gave a launch template id only: the group description names the template.',
          ResultSelector: { 'groups.$': '$.AutoScalingGroups' },
          ResultPath: '$.group',
          Retry: ENABLE_METRICS_RETRY,
          Next: 'Name the group’s launch template',
        },
      ),
      // JSONata: the template sits in one of two places, and a JSONPath to the absent one fails.
      'Name the group’s launch template': jsonataPass(
        `(
  $event := $states.input;
  $group := $event.group.groups[0];
  $name := $group.LaunchTemplate.LaunchTemplateName ? $group.LaunchTemplate.LaunchTemplateName : $group.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateName;
  $merge([$event, { 'group': { 'found': $exists($group), 'launchTemplateName': $type($name) = 'string' ? $name : '' } }])
)`,
        'Is the group a Batch one?',
      ),
      'Is the group a Batch one?': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.group.found', BooleanEquals: false, Next: 'Skip: the group no longer exists' },
          namesBatchLaunchTemplate('$.group.launchTemplateName', ENABLE),
        ],
        Default: 'Skip: not a Batch group',
      },
      'Skip: the group no longer exists': skip(W, GROUP_NOT_FOUND),
      'Skip: not a Batch group': skip(W, NOT_A_BATCH_GROUP),
      [ENABLE]: enableMetricsCollection(
        resources.partition,
        {
          'AutoScalingGroupName.$': '$.detail.requestParameters.autoScalingGroupName',
          Granularity: ASG_METRICS_GRANULARITY,
          Metrics: BATCH_ASG_METRICS,
        },
        { ResultPath: null, Retry: ENABLE_METRICS_RETRY, Next: 'Identify the group' },
      ),
      ...countOnce({
        workflow: W,
        identity: '$event.detail.requestParameters.autoScalingGroupName',
        what: 'the group',
        table: resources.deliveriesTable,
        partition: resources.partition,
        duplicateReason: DUPLICATE_GROUP,
        name: 'Identify the group',
        next: 'Count the monitored group',
      }),
      'Count the monitored group': buildMessage(
        W,
        [
          {
            metric: 'AutoScalingGroupsMonitored',
            dimensions: {},
            properties: { autoScalingGroupName: '$.detail.requestParameters.autoScalingGroupName' },
          },
        ],
        SEND_STATE,
      ),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
