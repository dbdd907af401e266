import type { DashboardKey } from './alarms/alarm-definition';
import type { Dashboard } from './dashboard/dashboard';
import { asgUtilizationDashboard } from './asg-utilization.dashboard';
import type { BatchmonDashboardOptions } from './batchmon-dashboard';
import { ec2CapacityDashboard } from './ec2-capacity.dashboard';
import { instanceRegistrationsDashboard } from './instance-registrations.dashboard';
import { jobLatencyDashboard } from './job-latency.dashboard';
import { jobStatesDashboard } from './job-states.dashboard';
import { jobsPlacementDashboard } from './jobs-placement.dashboard';
import { pipelineHealthDashboard } from './pipeline-health.dashboard';
import { stuckJobsDashboard } from './stuck-jobs.dashboard';

/** The function building each of the eight dashboards. */
export const BATCHMON_DASHBOARD_BUILDERS: Readonly<Record<DashboardKey, (options: BatchmonDashboardOptions) => Dashboard>> = {
  'instance-registrations': instanceRegistrationsDashboard,
  'jobs-placement': jobsPlacementDashboard,
  'job-states': jobStatesDashboard,
  'stuck-jobs': stuckJobsDashboard,
  'ec2-capacity': ec2CapacityDashboard,
  'asg-utilization': asgUtilizationDashboard,
  'job-latency': jobLatencyDashboard,
  'pipeline-health': pipelineHealthDashboard,
};

/**
 * The eight batchmon dashboards, keyed by dashboard.
 *
 * @example
 * for (const [key, dashboard] of Object.entries(batchmonDashboards(options))) renderDashboard(dashboard);
 */
export function batchmonDashboards(options: BatchmonDashboardOptions): Record<DashboardKey, Dashboard> {
  const entries = Object.entries(BATCHMON_DASHBOARD_BUILDERS).map(([key, build]) => [key, build(options)] as const);
  return Object.fromEntries(entries) as Record<DashboardKey, Dashboard>;
}
