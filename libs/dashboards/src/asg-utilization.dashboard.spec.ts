import { OPTIONS } from './__fixtures__/options';
import { renderedMetrics } from './__fixtures__/inspect';
import { asgUtilizationDashboard } from './asg-utilization.dashboard';

describe('asgUtilizationDashboard', () => {
  it('searches EC2 CPU, network and EBS metrics by Auto Scaling group', () => {
    const searched = renderedMetrics(asgUtilizationDashboard(OPTIONS))
      .filter((metric) => metric.startsWith(`SEARCH('{AWS/EC2,AutoScalingGroupName}`))
      .map((metric) => /MetricName="(\w+)"/.exec(metric)?.[1]);
    expect(searched).toEqual(expect.arrayContaining(['CPUUtilization', 'NetworkIn', 'NetworkOut', 'EBSReadOps', 'EBSWriteOps']));
  });

  it('reads no pipeline metric', () => {
    expect(renderedMetrics(asgUtilizationDashboard(OPTIONS)).filter((metric) => metric.includes('AWSBatchMetrics'))).toEqual([]);
  });
});
