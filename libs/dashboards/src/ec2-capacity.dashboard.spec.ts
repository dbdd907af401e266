import { widgetsOf, pipelineQueries } from './dashboard/dashboard';
import { OPTIONS } from './__fixtures__/options';
import { renderedMetrics } from './__fixtures__/inspect';
import { ec2CapacityDashboard } from './ec2-capacity.dashboard';

const dashboard = ec2CapacityDashboard(OPTIONS);

describe('ec2CapacityDashboard', () => {
  it('reads vCPU and memory levels with Maximum, by compute environment', () => {
    const levels = pipelineQueries(dashboard).filter((query) => ['RegisteredVcpus', 'ReservedVcpus', 'RegisteredMemory', 'ReservedMemory'].includes(query.metric));
    expect(levels.filter((query) => query.dimensionKeys.join() === 'ComputeEnvironment').map((query) => query.metric).sort()).toEqual([
      'RegisteredMemory',
      'RegisteredVcpus',
      'ReservedMemory',
      'ReservedVcpus',
    ]);
    expect(new Set(levels.map((query) => query.stat))).toEqual(new Set(['Maximum']));
  });

  it('searches ECS reservation and utilization by cluster, Batch clusters only', () => {
    const ecs = renderedMetrics(dashboard).filter((metric) => metric.includes('{AWS/ECS,ClusterName}'));
    expect(ecs.map((metric) => /MetricName="(\w+)"/.exec(metric)?.[1])).toEqual(['CPUReservation', 'MemoryReservation', 'CPUUtilization', 'MemoryUtilization']);
    expect(ecs.every((metric) => metric.includes('ClusterName=Batch'))).toBe(true);
  });

  it('searches Auto Scaling desired and in-service capacity by group', () => {
    const asg = renderedMetrics(dashboard).filter((metric) => metric.includes('{AWS/AutoScaling,AutoScalingGroupName}'));
    expect(asg.map((metric) => /MetricName="(\w+)"/.exec(metric)?.[1])).toEqual(['GroupDesiredCapacity', 'GroupInServiceCapacity']);
  });

  it('shows how many Auto Scaling groups batchmon enabled metrics for as a single value', () => {
    const single = widgetsOf(dashboard.rows).find((widget) => widget.kind === 'metric' && widget.view === 'singleValue');
    expect(single?.kind === 'metric' && single.queries[0]).toMatchObject({ metric: 'AutoScalingGroupsMonitored', dimensionKeys: [] });
  });
});
