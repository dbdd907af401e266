import { alarmGraph } from './alarms/alarm-definition';
import type { Dashboard } from './dashboard/dashboard';
import { row } from './layout/grid';
import { mathExpression } from './queries/math-expression';
import { pipelineMetric } from './queries/pipeline-query';
import { graph } from './widgets/widgets';
import { dashboardKit, type BatchmonDashboardOptions } from './batchmon-dashboard';
import { DIMENSION_VALUES } from '@batchmon/metrics';

/**
 * Jobs placement: where jobs were placed (`JobsPlaced`), the RunTask calls AWS Batch made that could
 * not place their task (`FailedRunTaskCalls`) and why (`PlacementFailures`); totals per second on
 * top. Every RunTask call of Batch either placed its task, counted from the job's own events in
 * `JobsPlaced`, or returned placement failures: the placement attempts are the sum of the two.
 *
 * @example
 * renderDashboard(jobsPlacementDashboard({ region: 'us-east-1', resources }));
 */
export function jobsPlacementDashboard(options: BatchmonDashboardOptions): Dashboard {
  const kit = dashboardKit('jobs-placement', options);
  // PERIOD() takes a metric, not a SEARCH: the placed-job counts by launch type are plain metrics
  // (one per launch type), so they give the period the per-second rates divide by.
  const placed = DIMENSION_VALUES.LaunchType.map((launchType) =>
    pipelineMetric('JobsPlaced', ['LaunchType'], { stat: 'Sum', where: { LaunchType: launchType }, id: launchType.toLowerCase(), visible: false }),
  );
  const ids = placed.map((query) => query.id ?? '');
  const period = `PERIOD(${ids[0] ?? ''})`;
  const placedSum = ids.map((id) => `FILL(${id}, 0)`).join(' + ');
  const throughput = graph('Placement throughput (per second)', [
    ...placed,
    // By compute environment, a set every metrics profile publishes.
    pipelineMetric('FailedRunTaskCalls', ['ComputeEnvironment'], { stat: 'Sum', id: 'failedcalls', visible: false }),
    pipelineMetric('PlacementFailures', ['Reason'], { stat: 'Sum', id: 'failures', visible: false }),
    mathExpression('placedPerSecond', `(${placedSum}) / ${period}`, { label: 'Jobs placed /s' }),
    // SUM of a SEARCH with no data is no data, not 0: FILL keeps the attempts drawn when no call failed.
    mathExpression('attemptsPerSecond', `(${placedSum} + FILL(SUM(failedcalls), 0)) / ${period}`, { label: 'Placement attempts /s (placed + failed RunTask calls)' }),
    mathExpression('failedCallsPerSecond', `SUM(failedcalls) / ${period}`, { label: 'Failed RunTask calls /s', color: '#ff7f0e' }),
    mathExpression('failuresPerSecond', `SUM(failures) / ${period}`, { label: 'Placement failures /s', color: '#d62728' }),
  ]);
  const alarmGraphs = kit.alarms.map((alarm) => alarmGraph(alarm.definition, { width: 8 }));
  return kit.dashboard([
    row(throughput, ...alarmGraphs),
    row(
      kit.breakdown('Failed RunTask calls by job queue', [pipelineMetric('FailedRunTaskCalls', ['JobQueue'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Failed RunTask calls by compute environment', [pipelineMetric('FailedRunTaskCalls', ['ComputeEnvironment'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Failed RunTask calls by job queue and compute environment', [pipelineMetric('FailedRunTaskCalls', ['JobQueue', 'ComputeEnvironment'], { stat: 'Sum' })]),
    ),
    row(
      kit.breakdown('Placement failures by reason', [pipelineMetric('PlacementFailures', ['Reason'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Placement failures by compute environment', [pipelineMetric('PlacementFailures', ['ComputeEnvironment'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Placement failures by compute environment and reason', [pipelineMetric('PlacementFailures', ['ComputeEnvironment', 'Reason'], { stat: 'Sum' })]),
      kit.breakdown('Placement failures by job queue and reason', [pipelineMetric('PlacementFailures', ['JobQueue', 'Reason'], { stat: 'Sum' })]),
    ),
    row(
      kit.breakdown('Jobs placed by Availability Zone', [pipelineMetric('JobsPlaced', ['AvailabilityZone'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Jobs placed by instance type', [pipelineMetric('JobsPlaced', ['InstanceType'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Jobs placed by compute environment', [pipelineMetric('JobsPlaced', ['ComputeEnvironment'], { stat: 'Sum' })], { stacked: true }),
    ),
    row(
      kit.breakdown('Jobs placed by job queue', [pipelineMetric('JobsPlaced', ['JobQueue'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Jobs placed by launch type', [pipelineMetric('JobsPlaced', ['LaunchType'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Jobs placed by compute environment and job queue', [pipelineMetric('JobsPlaced', ['ComputeEnvironment', 'JobQueue'], { stat: 'Sum' })]),
    ),
    row(
      kit.breakdown('Jobs placed by Availability Zone and instance type', [pipelineMetric('JobsPlaced', ['AvailabilityZone', 'InstanceType'], { stat: 'Sum' })]),
      kit.breakdown('Jobs placed by launch type and Availability Zone', [pipelineMetric('JobsPlaced', ['LaunchType', 'AvailabilityZone'], { stat: 'Sum' })]),
    ),
  ]);
}
