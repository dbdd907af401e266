import { WORKFLOWS } from '@batchmon/correlation';
import { batchmonAlarms, type BatchmonResources, type DeployedAlarm } from '@batchmon/dashboards';

/** Account of the placeholder ARNs (documentation's example account). */
const ACCOUNT = '123456789012';

/**
 * The names a deployed stack would give its resources, for previews: the dashboards only print
 * them (AWS service metrics have no local data) and the alarm status widgets list the alarms by
 * ARN.
 *
 * @example
 * previewResources('us-east-1').metricsLogGroupName; // '/aws/lambda/batchmon-metrics'
 */
export function previewResources(region: string, prefix = 'batchmon'): BatchmonResources {
  return {
    stateMachineArns: Object.fromEntries(WORKFLOWS.map((workflow) => [workflow.name, `arn:aws:states:${region}:${ACCOUNT}:stateMachine:${prefix}-${workflow.name}`])),
    deadLetterQueueNames: { metrics: `${prefix}-metrics-dlq`, events: `${prefix}-events-dlq` },
    metricsQueueName: `${prefix}-metrics`,
    metricsFunctionName: `${prefix}-metrics`,
    metricsLogGroupName: `/aws/lambda/${prefix}-metrics`,
    ruleNames: Object.fromEntries(WORKFLOWS.map((workflow) => [workflow.name, `${prefix}-${workflow.name}Rule`])),
  };
}

/**
 * The alarms the stack deploys by default, with ARNs made from their ids.
 *
 * @example
 * previewAlarms(previewResources('us-east-1'), 'us-east-1').map((alarm) => alarm.definition.id);
 */
export function previewAlarms(resources: BatchmonResources, region: string, prefix = 'batchmon'): DeployedAlarm[] {
  return batchmonAlarms({ resources }).map((definition) => ({ definition, arn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${prefix}-${definition.id}` }));
}
