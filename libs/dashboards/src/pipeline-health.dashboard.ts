import type { Dashboard } from './dashboard/dashboard';
import { row } from './layout/grid';
import { awsMetric, type AwsMetricName } from './queries/aws-metric-query';
import { pipelineMetric } from './queries/pipeline-query';
import type { HorizontalAnnotation } from './widgets/widgets';
import { graph } from './widgets/widgets';
import { dashboardKit, type BatchmonDashboardOptions } from './batchmon-dashboard';

/**
 * Pipeline health: whether batchmon itself works. Step Functions executions of each workflow, the
 * EventBridge rules' failed and throttled invocations,
 * the dead-letter queues, the metrics queue's backlog, the metrics Lambda, and the events the
 * workflows skipped or could not fully correlate (`SkippedEvents`, `UncorrelatedEvents`).
 *
 * @example
 * renderDashboard(pipelineHealthDashboard({ region: 'us-east-1', resources }));
 */
export function pipelineHealthDashboard(options: BatchmonDashboardOptions): Dashboard {
  const kit = dashboardKit('pipeline-health', options);
  const { resources } = kit;
  const workflows = Object.entries(resources.stateMachineArns);
  const rules = Object.entries(resources.ruleNames);
  const executions = (metricName: AwsMetricName<'AWS/States'>, title: string, annotations: HorizontalAnnotation[] = []) =>
    graph(
      title,
      workflows.map(([workflow, arn]) => awsMetric('AWS/States', metricName, { dimensions: { StateMachineArn: arn }, stat: 'Sum', label: workflow })),
      { annotations },
    );
  const zeroLine = (prefix: string): HorizontalAnnotation[] => once(kit.thresholds((id) => id.startsWith(prefix)));
  const fn = { FunctionName: resources.metricsFunctionName };

  return kit.dashboard([
    row(
      executions('ExecutionsStarted', 'Workflow executions started'),
      executions('ExecutionsFailed', 'Workflow executions failed', zeroLine('workflow-failed-')),
      executions('ExecutionsTimedOut', 'Workflow executions timed out', zeroLine('workflow-failed-')),
      // Express workflows have no throttled-transition metric: what throttles them is the start,
      // which EventBridge retries and, failing that, sends to the events DLQ — its rule metrics show it.
      ...(rules.length === 0
        ? []
        : [
            graph(
              'EventBridge rules: failed and throttled invocations',
              rules.flatMap(([label, ruleName]) => [
                awsMetric('AWS/Events', 'FailedInvocations', { dimensions: { RuleName: ruleName }, stat: 'Sum', label: `${label} failed` }),
                awsMetric('AWS/Events', 'ThrottledRules', { dimensions: { RuleName: ruleName }, stat: 'Sum', label: `${label} throttled` }),
              ]),
            ),
          ]),
    ),
    row(
      graph(
        'Dead-letter queue depth',
        Object.entries(resources.deadLetterQueueNames).map(([label, queueName]) =>
          awsMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { dimensions: { QueueName: queueName }, stat: 'Maximum', label }),
        ),
        { annotations: zeroLine('dlq-') },
      ),
      graph('Metrics queue backlog', [
        awsMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { dimensions: { QueueName: resources.metricsQueueName }, stat: 'Maximum', label: 'messages visible' }),
        awsMetric('AWS/SQS', 'ApproximateAgeOfOldestMessage', { dimensions: { QueueName: resources.metricsQueueName }, stat: 'Maximum', label: 'oldest message (s)', yAxis: 'right' }),
      ]),
      graph(
        'Metrics Lambda errors and throttles',
        [
          awsMetric('AWS/Lambda', 'Errors', { dimensions: fn, stat: 'Sum', label: 'errors', color: '#d62728' }),
          awsMetric('AWS/Lambda', 'Throttles', { dimensions: fn, stat: 'Sum', label: 'throttles' }),
        ],
        { annotations: zeroLine('metrics-function-errors') },
      ),
      graph('Metrics Lambda invocations and duration', [
        awsMetric('AWS/Lambda', 'Invocations', { dimensions: fn, stat: 'Sum', label: 'invocations' }),
        awsMetric('AWS/Lambda', 'Duration', { dimensions: fn, stat: 'p99', label: 'duration p99 (ms)', yAxis: 'right' }),
      ]),
    ),
    row(
      kit.breakdown('Skipped events by workflow', [pipelineMetric('SkippedEvents', ['Workflow'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Skipped events by workflow and reason', [pipelineMetric('SkippedEvents', ['Workflow', 'Reason'], { stat: 'Sum' })]),
      kit.breakdown('Uncorrelated events by workflow', [pipelineMetric('UncorrelatedEvents', ['Workflow'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Uncorrelated events by workflow and reason', [pipelineMetric('UncorrelatedEvents', ['Workflow', 'Reason'], { stat: 'Sum' })]),
    ),
  ]);
}

/** Several alarms with the same threshold on one graph: one line suffices. */
function once(annotations: readonly HorizontalAnnotation[]): HorizontalAnnotation[] {
  const first = annotations[0];
  return first === undefined ? [] : [{ ...first, label: `alarm > ${first.value}` }];
}
