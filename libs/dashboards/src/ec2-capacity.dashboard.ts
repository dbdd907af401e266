import type { Dashboard } from './dashboard/dashboard';
import { row } from './layout/grid';
import { awsSearch } from './queries/aws-metric-query';
import { pipelineMetric } from './queries/pipeline-query';
import { graph, singleValue, type YAxisRange } from './widgets/widgets';
import { dashboardKit, type BatchmonDashboardOptions } from './batchmon-dashboard';

/** Batch cluster names (`AWSBatch-<ce>-<uuid>`, `<ce>_Batch_<uuid>`) both hold the search token `batch`. */
const BATCH_CLUSTERS = { key: 'ClusterName', token: 'Batch' } as const;
const PERCENT: { readonly left: YAxisRange } = { left: { min: 0, max: 100, label: '%', showUnits: false } };

/**
 * EC2 capacity: vCPUs and memory registered and reserved per compute environment (levels
 * published once a minute, so stat Maximum), the ECS view of the same clusters (reservation and utilization),
 * and Auto Scaling desired and in-service capacity.
 *
 * @example
 * renderDashboard(ec2CapacityDashboard({ region: 'us-east-1', resources }));
 */
export function ec2CapacityDashboard(options: BatchmonDashboardOptions): Dashboard {
  const kit = dashboardKit('ec2-capacity', options);
  const ecs = (metricName: 'CPUReservation' | 'MemoryReservation' | 'CPUUtilization' | 'MemoryUtilization', title: string) =>
    graph(title, [awsSearch('AWS/ECS', metricName, { dimensionKeys: ['ClusterName'], nameToken: BATCH_CLUSTERS, stat: 'Average' })], { yAxis: PERCENT });
  return kit.dashboard([
    row(
      kit.breakdown('vCPUs by compute environment', [
        pipelineMetric('RegisteredVcpus', ['ComputeEnvironment'], { stat: 'Maximum', label: 'registered' }),
        pipelineMetric('ReservedVcpus', ['ComputeEnvironment'], { stat: 'Maximum', label: 'reserved' }),
      ]),
      kit.breakdown('Memory (MiB) by compute environment', [
        pipelineMetric('RegisteredMemory', ['ComputeEnvironment'], { stat: 'Maximum', label: 'registered' }),
        pipelineMetric('ReservedMemory', ['ComputeEnvironment'], { stat: 'Maximum', label: 'reserved' }),
      ]),
    ),
    row(
      kit.breakdown('Registered vCPUs by compute environment, type and AZ', [
        pipelineMetric('RegisteredVcpus', ['ComputeEnvironment', 'InstanceType', 'AvailabilityZone'], { stat: 'Maximum' }),
      ], { stacked: true }),
      kit.breakdown('Reserved vCPUs by compute environment, type and AZ', [
        pipelineMetric('ReservedVcpus', ['ComputeEnvironment', 'InstanceType', 'AvailabilityZone'], { stat: 'Maximum' }),
      ], { stacked: true }),
      kit.breakdown('Registered memory by compute environment, type and AZ', [
        pipelineMetric('RegisteredMemory', ['ComputeEnvironment', 'InstanceType', 'AvailabilityZone'], { stat: 'Maximum' }),
      ], { stacked: true }),
      kit.breakdown('Reserved memory by compute environment, type and AZ', [
        pipelineMetric('ReservedMemory', ['ComputeEnvironment', 'InstanceType', 'AvailabilityZone'], { stat: 'Maximum' }),
      ], { stacked: true }),
    ),
    row(
      ecs('CPUReservation', 'ECS CPU reservation by cluster'),
      ecs('MemoryReservation', 'ECS memory reservation by cluster'),
      ecs('CPUUtilization', 'ECS CPU utilization by cluster'),
      ecs('MemoryUtilization', 'ECS memory utilization by cluster'),
    ),
    row(
      graph('Auto Scaling desired capacity', [awsSearch('AWS/AutoScaling', 'GroupDesiredCapacity', { dimensionKeys: ['AutoScalingGroupName'], stat: 'Maximum' })]),
      graph('Auto Scaling in-service capacity', [awsSearch('AWS/AutoScaling', 'GroupInServiceCapacity', { dimensionKeys: ['AutoScalingGroupName'], stat: 'Maximum' })]),
      singleValue('Auto Scaling groups whose metrics batchmon enabled', [pipelineMetric('AutoScalingGroupsMonitored', [], { stat: 'Sum', label: 'groups' })], {
        setPeriodToTimeRange: true,
        width: 6,
        height: 6,
      }),
    ),
  ]);
}
