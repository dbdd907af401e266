import { batchmonAlarms, type BatchmonAlarmSettings } from '../alarms/batchmon-alarms';
import type { BatchmonDashboardOptions, BatchmonResources } from '../batchmon-dashboard';

/** Resource names as a deployed stack would give them. */
export const RESOURCES: BatchmonResources = {
  stateMachineArns: {
    InstanceRegistration: 'arn:aws:states:us-east-1:123456789012:stateMachine:InstanceRegistration',
    JobStates: 'arn:aws:states:us-east-1:123456789012:stateMachine:JobStates',
  },
  deadLetterQueueNames: { metrics: 'batchmon-metrics-dlq', events: 'batchmon-events-dlq' },
  metricsQueueName: 'batchmon-metrics',
  metricsFunctionName: 'batchmon-metrics',
  metricsLogGroupName: '/aws/lambda/batchmon-metrics',
  ruleNames: { JobStates: 'batchmon-JobStatesRule', InstanceRegistration: 'batchmon-InstanceRegistrationRule' },
};

/** Dashboard options with every default alarm deployed (ARNs made up from their ids). */
export function optionsWithAlarms(settings: BatchmonAlarmSettings = {}, region = 'us-east-1'): BatchmonDashboardOptions {
  const alarms = batchmonAlarms({ resources: RESOURCES, settings }).map((definition) => ({
    definition,
    arn: `arn:aws:cloudwatch:${region}:123456789012:alarm:batchmon-${definition.id}`,
  }));
  return { region, resources: RESOURCES, alarms };
}

/** Dashboard options without alarms. */
export const OPTIONS: BatchmonDashboardOptions = { region: 'us-east-1', resources: RESOURCES };

/** Dashboard options without alarms, for the detailed metrics profile (every catalog set published). */
export const DETAILED_OPTIONS: BatchmonDashboardOptions = { ...OPTIONS, profile: 'detailed' };
