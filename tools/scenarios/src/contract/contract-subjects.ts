import {
  batchmonAlarms,
  batchmonDashboards,
  type AlarmDefinition,
  type BatchmonAlarmSettings,
  type BatchmonDashboardOptions,
  type BatchmonResources,
  type Dashboard,
  type DashboardKey,
} from '@batchmon/dashboards';
import { DEFAULT_METRICS_PROFILE, type MetricsProfile } from '@batchmon/metrics';
import { DEFAULT_BATCH_RESOURCES } from '@batchmon/simulator';

/** The job queues of the simulated workload (per-queue alarms are configured with them). */
export const CONTRACT_JOB_QUEUES: readonly string[] = DEFAULT_BATCH_RESOURCES.jobQueues.map((queue) => queue.name);

/** Names of deployed resources for building dashboards and alarms; only AWS-namespace queries read them. */
export const CONTRACT_RESOURCES: BatchmonResources = {
  stateMachineArns: { JobStates: 'arn:aws:states:us-east-1:123456789012:stateMachine:JobStates' },
  deadLetterQueueNames: { metrics: 'batchmon-metrics-dlq', events: 'batchmon-events-dlq' },
  metricsQueueName: 'batchmon-metrics',
  metricsFunctionName: 'batchmon-metrics',
  metricsLogGroupName: '/aws/lambda/batchmon-metrics',
  ruleNames: { JobStates: 'batchmon-JobStatesRule', InstanceRegistration: 'batchmon-InstanceRegistrationRule' },
};

/**
 * The alarm configurations the contract covers. Dashboards change with the alarms deployed (alarm
 * graphs, threshold lines): the defaults watch the longest RUNNABLE wait over every queue, the
 * second configuration has one p90 alarm per job queue instead.
 */
export const CONTRACT_ALARM_SETTINGS: readonly BatchmonAlarmSettings[] = [{}, { runnableWait: { jobQueues: CONTRACT_JOB_QUEUES } }];

/**
 * The alarms batchmon deploys with `settings`, over the contract's resources.
 *
 * @example
 * contractAlarms({ runnableWait: { jobQueues: ['nightly'] } }).map((alarm) => alarm.id); // [..., 'runnable-wait-nightly', ...]
 */
export function contractAlarms(settings: BatchmonAlarmSettings, profile: MetricsProfile = DEFAULT_METRICS_PROFILE): AlarmDefinition[] {
  return batchmonAlarms({ resources: CONTRACT_RESOURCES, settings, profile });
}

/**
 * Dashboard options with the alarms of `settings` deployed (ARNs made up from their ids).
 *
 * @example
 * jobStatesDashboard(contractDashboardOptions({}));
 */
export function contractDashboardOptions(settings: BatchmonAlarmSettings, profile: MetricsProfile = DEFAULT_METRICS_PROFILE): BatchmonDashboardOptions {
  const alarms = contractAlarms(settings, profile).map((definition) => ({ definition, arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:batchmon-${definition.id}` }));
  return { region: 'us-east-1', resources: CONTRACT_RESOURCES, alarms, profile };
}

/**
 * Every dashboard of every alarm configuration, by dashboard key, built for metrics profile `profile`.
 *
 * @example
 * contractDashboards()['job-states'].length; // one per alarm configuration
 */
export function contractDashboards(profile: MetricsProfile = DEFAULT_METRICS_PROFILE): Record<DashboardKey, Dashboard[]> {
  const variants = CONTRACT_ALARM_SETTINGS.map((settings) => batchmonDashboards(contractDashboardOptions(settings, profile)));
  const keys = Object.keys(variants[0] ?? {}) as DashboardKey[];
  return Object.fromEntries(keys.map((key) => [key, variants.map((dashboards) => dashboards[key])])) as Record<DashboardKey, Dashboard[]>;
}

/**
 * Every alarm of every alarm configuration, each id once.
 *
 * @example
 * contractAlarmSet().map((alarm) => alarm.id); // ['job-queue-blocked', 'runnable-wait', …, 'runnable-wait-critical', …]
 */
export function contractAlarmSet(profile: MetricsProfile = DEFAULT_METRICS_PROFILE): AlarmDefinition[] {
  return [...new Map(CONTRACT_ALARM_SETTINGS.flatMap((settings) => contractAlarms(settings, profile)).map((alarm) => [alarm.id, alarm])).values()];
}
