import { WORKFLOWS } from '@batchmon/correlation';
import { METRICS_LOG_GROUP_OUTPUT, METRICS_NAMESPACE_OUTPUT, ruleNameOutput, stateMachineArnOutput } from '../../stack/stack-outputs';
import { smokeCases } from '../smoke-plan';

/** When the smoke tests' run starts. */
export const START = Date.parse('2026-11-29T15:00:00.000Z');

/** The smoke cases of a run started at {@link START}. */
export const cases = smokeCases({ runId: 'a1b2c3', time: new Date(START) });

/** Outputs as `cdk deploy --outputs-file` gives them for a deployed stack. */
export const outputs: Record<string, string> = {
  [METRICS_NAMESPACE_OUTPUT]: 'AWSBatchMetrics',
  [METRICS_LOG_GROUP_OUTPUT]: '/smoke/metrics',
  ...Object.fromEntries(WORKFLOWS.map((workflow) => [stateMachineArnOutput(workflow.name), `arn:aws:states:eu-west-1:111122223333:stateMachine:${workflow.name}`])),
  ...Object.fromEntries(WORKFLOWS.flatMap((workflow) => workflow.patterns.map((_, index) => [ruleNameOutput(workflow.name, index), `${workflow.name}-rule-${index}`]))),
};
