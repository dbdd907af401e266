import { pipelineQueries } from './dashboard/dashboard';
import { OPTIONS, RESOURCES, optionsWithAlarms } from './__fixtures__/options';
import { metricWidget, renderedMetrics, renderedWidget } from './__fixtures__/inspect';
import { pipelineHealthDashboard } from './pipeline-health.dashboard';

const metrics = renderedMetrics(pipelineHealthDashboard(OPTIONS));

describe('pipelineHealthDashboard', () => {
  it('graphs failed and timed-out executions of each state machine', () => {
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      for (const arn of Object.values(RESOURCES.stateMachineArns)) expect(metrics).toContain(`AWS/States ${metricName} StateMachineArn ${arn}`);
    }
  });

  it('leaves out ExecutionThrottled, a Standard-workflow metric that Express workflows never report', () => {
    expect(metrics.filter((metric) => metric.includes('ExecutionThrottled'))).toEqual([]);
  });

  it('graphs the failed and throttled invocations of every EventBridge rule', () => {
    for (const ruleName of Object.values(RESOURCES.ruleNames)) {
      expect(metrics).toEqual(expect.arrayContaining([`AWS/Events FailedInvocations RuleName ${ruleName}`, `AWS/Events ThrottledRules RuleName ${ruleName}`]));
    }
  });

  it('graphs the visible messages of every dead-letter queue', () => {
    for (const queueName of Object.values(RESOURCES.deadLetterQueueNames)) expect(metrics).toContain(`AWS/SQS ApproximateNumberOfMessagesVisible QueueName ${queueName}`);
  });

  it('graphs the metrics Lambda’s errors and throttles', () => {
    expect(metrics).toEqual(expect.arrayContaining(['AWS/Lambda Errors FunctionName batchmon-metrics', 'AWS/Lambda Throttles FunctionName batchmon-metrics']));
  });

  it('graphs skipped and uncorrelated events by workflow, and by workflow and reason where the profile publishes that set', () => {
    const graphed = (profile: 'essential' | 'detailed') =>
      pipelineQueries(pipelineHealthDashboard({ ...OPTIONS, profile })).map((query) => `${query.metric}[${query.dimensionKeys.join(',')}]`);
    expect(graphed('essential')).toEqual(['SkippedEvents[Workflow]', 'UncorrelatedEvents[Workflow]']);
    expect(graphed('detailed')).toEqual([
      'SkippedEvents[Workflow]',
      'SkippedEvents[Workflow,Reason]',
      'UncorrelatedEvents[Workflow]',
      'UncorrelatedEvents[Workflow,Reason]',
    ]);
  });

  it('still answers skipped and uncorrelated events by workflow and reason in the essential profile, from the EMF lines', () => {
    const essential = pipelineHealthDashboard({ ...OPTIONS, profile: 'essential' });
    for (const title of ['Skipped events by workflow and reason', 'Uncorrelated events by workflow and reason']) expect(renderedWidget(essential, title).type).toBe('log');
  });

  it('draws the zero line of the dead-letter alarms on the queue depth graph', () => {
    expect(metricWidget(pipelineHealthDashboard(optionsWithAlarms()), 'Dead-letter queue depth').annotations).toEqual([expect.objectContaining({ value: 0, fill: 'above' })]);
  });
});
