import type { Dashboard } from './dashboard/dashboard';
import { row } from './layout/grid';
import { pipelineMetric } from './queries/pipeline-query';
import { dashboardKit, type BatchmonDashboardOptions } from './batchmon-dashboard';

/**
 * ECS instance registrations: container instances joining (`InstanceRegistrations`) and leaving
 * (`InstanceDeregistrations`) Batch-managed clusters, by compute environment, Availability Zone,
 * instance type and CPU architecture.
 *
 * @example
 * renderDashboard(instanceRegistrationsDashboard({ region: 'us-east-1', resources }));
 */
export function instanceRegistrationsDashboard(options: BatchmonDashboardOptions): Dashboard {
  const kit = dashboardKit('instance-registrations', options);
  const stacked = { stacked: true } as const;
  return kit.dashboard([
    row(
      kit.breakdown('Registrations by compute environment', [pipelineMetric('InstanceRegistrations', ['ComputeEnvironment'], { stat: 'Sum' })], stacked),
      kit.breakdown('Deregistrations by compute environment', [pipelineMetric('InstanceDeregistrations', ['ComputeEnvironment'], { stat: 'Sum' })], stacked),
    ),
    row(
      kit.breakdown('Registrations by Availability Zone', [pipelineMetric('InstanceRegistrations', ['AvailabilityZone'], { stat: 'Sum' })], stacked),
      kit.breakdown('Deregistrations by Availability Zone', [pipelineMetric('InstanceDeregistrations', ['AvailabilityZone'], { stat: 'Sum' })], stacked),
    ),
    row(
      kit.breakdown('Registrations by instance type', [pipelineMetric('InstanceRegistrations', ['InstanceType'], { stat: 'Sum' })], stacked),
      kit.breakdown('Deregistrations by instance type', [pipelineMetric('InstanceDeregistrations', ['InstanceType'], { stat: 'Sum' })], stacked),
    ),
    row(
      kit.breakdown('Registrations by Availability Zone and instance type', [pipelineMetric('InstanceRegistrations', ['AvailabilityZone', 'InstanceType'], { stat: 'Sum' })]),
      kit.breakdown('Deregistrations by Availability Zone and instance type', [pipelineMetric('InstanceDeregistrations', ['AvailabilityZone', 'InstanceType'], { stat: 'Sum' })]),
    ),
    row(
      kit.breakdown('Registrations by compute environment and instance type', [pipelineMetric('InstanceRegistrations', ['ComputeEnvironment', 'InstanceType'], { stat: 'Sum' })]),
      kit.breakdown('Deregistrations by compute environment and instance type', [pipelineMetric('InstanceDeregistrations', ['ComputeEnvironment', 'InstanceType'], { stat: 'Sum' })]),
      kit.breakdown('Registrations by CPU architecture', [pipelineMetric('InstanceRegistrations', ['CpuArchitecture'], { stat: 'Sum' })], {
        view: 'pie',
        setPeriodToTimeRange: true,
        width: 6,
      }),
    ),
  ]);
}
