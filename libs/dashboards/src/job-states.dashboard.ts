import type { Dashboard } from './dashboard/dashboard';
import { row } from './layout/grid';
import { filled, mathExpression } from './queries/math-expression';
import { pipelineMetric } from './queries/pipeline-query';
import { graph, logQuery } from './widgets/widgets';
import { dashboardKit, type BatchmonDashboardOptions } from './batchmon-dashboard';
import type { StateValue } from '@batchmon/metrics';
import { failedJobsQuery } from './finished-jobs';

const FAILED = 'FAILED' satisfies StateValue;
const SUCCEEDED = 'SUCCEEDED' satisfies StateValue;

/**
 * Job states: jobs submitted by queue (`JobsSubmitted`, from CloudTrail SubmitJob calls, since
 * Batch publishes no SUBMITTED event) beside the compute environment and job queue changes batchmon
 * learned (`ConfigurationChanges`); the jobs in each live state now, by queue and by compute
 * environment (`JobsInState`), and the oldest RUNNABLE job's wait by queue (`OldestRunnableAge`);
 * `JobStateTransitions` by state, queue, definition, compute environment, AZ,
 * instance type, launch type and node role; the share of finished jobs that failed; `FinishedJobs`; blocked queues
 * (`BlockedJobQueues`); and the recently failed jobs with their reasons (Logs Insights).
 *
 * @example
 * renderDashboard(jobStatesDashboard({ region: 'us-east-1', resources }));
 */
export function jobStatesDashboard(options: BatchmonDashboardOptions): Dashboard {
  const kit = dashboardKit('job-states', options);
  const failureRatio = graph(
    'Failed jobs (% of finished)',
    [
      pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: FAILED }, id: 'failed', visible: false }),
      pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: SUCCEEDED }, id: 'succeeded', visible: false }),
      // FILL: in a period where every job failed SUCCEEDED has no datapoint, and the ratio must be 100, not nothing.
      mathExpression('ratio', `100 * ${filled('failed')} / (${filled('failed')} + ${filled('succeeded')})`, { label: 'Failed %' }),
    ],
    { yAxis: { left: { min: 0, max: 100, label: '%', showUnits: false } }, annotations: kit.thresholds((id) => id === 'job-failure-ratio') },
  );
  return kit.dashboard([
    row(
      kit.breakdown('Jobs submitted by job queue', [pipelineMetric('JobsSubmitted', ['JobQueue'], { stat: 'Sum' })], { stacked: true, width: 16 }),
      graph('Compute environment and job queue changes', [pipelineMetric('ConfigurationChanges', [], { stat: 'Sum', label: 'changes' })], { width: 8 }),
    ),
    // Levels published once a minute: Maximum, so that a wider period shows the peak, not a sum of minutes.
    row(
      kit.breakdown('Jobs in each state by job queue (now)', [pipelineMetric('JobsInState', ['State', 'JobQueue'], { stat: 'Maximum' })], { stacked: true }),
      kit.breakdown('Jobs starting and running by compute environment (now)', [pipelineMetric('JobsInState', ['State', 'ComputeEnvironment'], { stat: 'Maximum' })], {
        stacked: true,
      }),
      kit.breakdown('Oldest RUNNABLE job’s wait by job queue', [pipelineMetric('OldestRunnableAge', ['JobQueue'], { stat: 'Maximum' })]),
    ),
    row(kit.breakdown('Transitions by state', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum' })], { stacked: true }), failureRatio),
    row(
      kit.breakdown('Transitions by state and job queue', [pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum' })]),
      kit.breakdown('Failed jobs by job queue', [pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { State: FAILED } })], { stacked: true }),
      kit.breakdown('Transitions by state, job queue and definition', [pipelineMetric('JobStateTransitions', ['State', 'JobQueue', 'JobDefinition'], { stat: 'Sum' })]),
    ),
    row(
      kit.breakdown('Transitions by state and compute environment', [pipelineMetric('JobStateTransitions', ['State', 'ComputeEnvironment'], { stat: 'Sum' })]),
      kit.breakdown('Transitions by state and Availability Zone', [pipelineMetric('JobStateTransitions', ['State', 'AvailabilityZone'], { stat: 'Sum' })]),
      kit.breakdown('Transitions by state and instance type', [pipelineMetric('JobStateTransitions', ['State', 'InstanceType'], { stat: 'Sum' })]),
      kit.breakdown('Transitions by state, AZ and instance type', [pipelineMetric('JobStateTransitions', ['State', 'AvailabilityZone', 'InstanceType'], { stat: 'Sum' })]),
    ),
    row(
      kit.breakdown('Transitions by state and launch type', [pipelineMetric('JobStateTransitions', ['State', 'LaunchType'], { stat: 'Sum' })]),
      kit.breakdown('Transitions by state and node role (multi-node jobs)', [pipelineMetric('JobStateTransitions', ['State', 'NodeRole'], { stat: 'Sum' })]),
      kit.breakdown('Blocked job queues', [pipelineMetric('BlockedJobQueues', ['JobQueue'], { stat: 'Sum' })], {
        annotations: kit.thresholds((id) => id === 'job-queue-blocked'),
      }),
      kit.breakdown('Blocked job queues by reason', [pipelineMetric('BlockedJobQueues', ['JobQueue', 'Reason'], { stat: 'Sum' })]),
    ),
    row(
      kit.breakdown('Finished jobs by state', [pipelineMetric('FinishedJobs', ['State'], { stat: 'Sum' })], { view: 'pie', setPeriodToTimeRange: true, width: 6 }),
      kit.breakdown('Finished jobs by state and job queue', [pipelineMetric('FinishedJobs', ['State', 'JobQueue'], { stat: 'Sum' })], { stacked: true }),
      kit.breakdown('Finished jobs by state, job queue and definition', [pipelineMetric('FinishedJobs', ['State', 'JobQueue', 'JobDefinition'], { stat: 'Sum' })]),
    ),
    row(logQuery('Recently failed jobs', [kit.resources.metricsLogGroupName], failedJobsQuery(50))),
  ]);
}
