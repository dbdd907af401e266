import type { WorkflowSpec } from '@batchmon/correlation';

// Output keys the stack writes and the smoke test (or any script) reads back from `cdk deploy
// --outputs-file`. One home for each name, so the writer and the readers cannot drift apart.

/** Output holding the metrics Lambda's log group name (where its EMF lines land). */
export const METRICS_LOG_GROUP_OUTPUT = 'MetricsLogGroupName';

/** Output holding the CloudWatch namespace of batchmon's metrics. */
export const METRICS_NAMESPACE_OUTPUT = 'MetricsNamespace';

/** Output holding the ARN of the events archive, when the stack has one. */
export const EVENTS_ARCHIVE_OUTPUT = 'EventsArchiveArn';

/**
 * Output key of a workflow's state machine ARN.
 *
 * @example
 * stateMachineArnOutput('JobStates'); // 'JobStatesStateMachineArn'
 */
export function stateMachineArnOutput(workflowName: WorkflowSpec['name']): string {
  return `${workflowName}StateMachineArn`;
}

/**
 * Output key of the name of a workflow's rule: one rule per pattern, the first unnumbered.
 *
 * @example
 * ruleNameOutput('JobStates', 0); // 'JobStatesRuleName'
 * ruleNameOutput('JobStates', 1); // 'JobStatesRule2Name'
 */
export function ruleNameOutput(workflowName: WorkflowSpec['name'], patternIndex: number): string {
  return `${workflowName}Rule${patternIndex === 0 ? '' : patternIndex + 1}Name`;
}
