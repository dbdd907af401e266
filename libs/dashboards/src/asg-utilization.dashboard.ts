import type { Dashboard } from './dashboard/dashboard';
import { row } from './layout/grid';
import { awsSearch, type AwsMetricName } from './queries/aws-metric-query';
import type { Statistic } from './queries/statistic';
import { graph } from './widgets/widgets';
import { dashboardKit, type BatchmonDashboardOptions } from './batchmon-dashboard';

/**
 * Auto Scaling group utilization: the EC2 metrics of each group's instances, aggregated by
 * `AutoScalingGroupName` (CPU, network, EBS operations, failed status checks).
 *
 * @example
 * renderDashboard(asgUtilizationDashboard({ region: 'us-east-1', resources }));
 */
export function asgUtilizationDashboard(options: BatchmonDashboardOptions): Dashboard {
  const kit = dashboardKit('asg-utilization', options);
  const byGroup = (metricName: AwsMetricName<'AWS/EC2'>, stat: Statistic, title: string) =>
    graph(title, [awsSearch('AWS/EC2', metricName, { dimensionKeys: ['AutoScalingGroupName'], stat })]);
  return kit.dashboard([
    row(
      graph('CPU utilization by Auto Scaling group', [awsSearch('AWS/EC2', 'CPUUtilization', { dimensionKeys: ['AutoScalingGroupName'], stat: 'Average' })], {
        yAxis: { left: { min: 0, max: 100, label: '%', showUnits: false } },
      }),
      byGroup('StatusCheckFailed', 'Maximum', 'Failed status checks by Auto Scaling group'),
    ),
    row(byGroup('NetworkIn', 'Sum', 'Network in (bytes) by Auto Scaling group'), byGroup('NetworkOut', 'Sum', 'Network out (bytes) by Auto Scaling group')),
    row(byGroup('EBSReadOps', 'Sum', 'EBS read operations by Auto Scaling group'), byGroup('EBSWriteOps', 'Sum', 'EBS write operations by Auto Scaling group')),
  ]);
}
