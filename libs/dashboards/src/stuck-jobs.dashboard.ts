import type { Dashboard } from './dashboard/dashboard';
import { row } from './layout/grid';
import { pipelineMetric } from './queries/pipeline-query';
import { graph, logQuery } from './widgets/widgets';
import { dashboardKit, type BatchmonDashboardOptions } from './batchmon-dashboard';
import { stuckJobsByReasonQuery, stuckJobsQuery } from './stuck-jobs';

/**
 * Why jobs wait: the jobs in each live state now by queue (`JobsInState`) and the oldest RUNNABLE
 * job's wait (`OldestRunnableAge`); the jobs diagnosed stuck past their threshold (`StuckJobs`), with
 * the stuck-jobs alarm's threshold, by queue and by queue and reason (graphs in `detailed`, Logs
 * Insights breakdowns in `essential`); the stuck jobs by reason over the time range; and the
 * table of stuck jobs with their evidence chain (Logs Insights over the per-job records).
 *
 * @example
 * renderDashboard(stuckJobsDashboard({ region: 'us-east-1', resources }));
 */
export function stuckJobsDashboard(options: BatchmonDashboardOptions): Dashboard {
  const kit = dashboardKit('stuck-jobs', options);
  const logGroups = [kit.resources.metricsLogGroupName];
  return kit.dashboard([
    // Levels published once a minute: Maximum, so that a wider period shows the peak, not a sum of minutes.
    row(
      kit.breakdown('Jobs in each state by job queue (now)', [pipelineMetric('JobsInState', ['State', 'JobQueue'], { stat: 'Maximum' })], { stacked: true }),
      kit.breakdown('Oldest RUNNABLE job’s wait by job queue', [pipelineMetric('OldestRunnableAge', ['JobQueue'], { stat: 'Maximum' })]),
    ),
    row(
      graph('Stuck jobs', [pipelineMetric('StuckJobs', [], { stat: 'Sum', label: 'stuck jobs' })], { annotations: kit.thresholds((id) => id === 'stuck-jobs'), width: 6 }),
      kit.breakdown('Stuck jobs by job queue', [pipelineMetric('StuckJobs', ['JobQueue'], { stat: 'Sum' })], { stacked: true, width: 6 }),
      kit.breakdown('Stuck jobs by job queue and reason', [pipelineMetric('StuckJobs', ['JobQueue', 'Reason'], { stat: 'Sum' })], { stacked: true, width: 6 }),
      logQuery('Stuck jobs by reason', logGroups, stuckJobsByReasonQuery(), { view: 'pie', width: 6 }),
    ),
    row(logQuery('Stuck jobs and their evidence', logGroups, stuckJobsQuery(100))),
  ]);
}
