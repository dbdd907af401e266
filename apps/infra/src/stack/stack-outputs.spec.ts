import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WORKFLOWS } from '@batchmon/correlation';
import { BatchmonStack } from './batchmon-stack';
import { METRICS_LOG_GROUP_OUTPUT, METRICS_NAMESPACE_OUTPUT, ruleNameOutput, stateMachineArnOutput } from './stack-outputs';

// Bundling is skipped: these tests assert on the template, not on the Lambda's code.
const template = Template.fromStack(new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Outputs'));

/** Logical id of the one resource of a type whose id starts with `prefix`. */
function logicalId(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] ?? '';
}

describe('BatchmonStack outputs', () => {
  it.each(WORKFLOWS.map((workflow) => [workflow.name]))('outputs the ARN of the %s state machine', (name) => {
    template.hasOutput(stateMachineArnOutput(name), { Value: { Ref: logicalId('AWS::StepFunctions::StateMachine', `${name}Workflow`) } });
  });

  it.each(WORKFLOWS.flatMap((workflow) => workflow.patterns.map((_, index) => [workflow.name, index] as const)))(
    'outputs the name of the %s rule number %d',
    (name, index) => {
      const ruleId = `${name}Rule${index === 0 ? '' : index + 1}`;
      template.hasOutput(ruleNameOutput(name, index), { Value: { Ref: logicalId('AWS::Events::Rule', ruleId) } });
    },
  );

  it('outputs the metrics Lambda’s log group, the one its function logs to', () => {
    const logGroup = logicalId('AWS::Logs::LogGroup', 'MetricsFunctionLogs');
    template.hasOutput(METRICS_LOG_GROUP_OUTPUT, { Value: { Ref: logGroup } });
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logGroup } } });
  });

  it('outputs the metrics namespace', () => {
    template.hasOutput(METRICS_NAMESPACE_OUTPUT, { Value: 'AWSBatchMetrics' });
  });
});
