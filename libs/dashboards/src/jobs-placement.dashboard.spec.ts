import { pipelineQueries, widgetsOf } from './dashboard/dashboard';
import { DETAILED_OPTIONS, optionsWithAlarms } from './__fixtures__/options';
import { metricWidget, titles } from './__fixtures__/inspect';
import { jobsPlacementDashboard } from './jobs-placement.dashboard';

// The detailed profile publishes every catalog set: its dashboards graph each as a metric.
const dashboard = jobsPlacementDashboard(DETAILED_OPTIONS);
const sets = pipelineQueries(dashboard).map((query) => `${query.metric}[${query.dimensionKeys.join(',')}]`);

describe('jobsPlacementDashboard', () => {
  it('graphs failed RunTask calls by job queue and by compute environment', () => {
    expect(sets).toEqual(
      expect.arrayContaining(['FailedRunTaskCalls[JobQueue]', 'FailedRunTaskCalls[ComputeEnvironment]', 'FailedRunTaskCalls[JobQueue,ComputeEnvironment]']),
    );
  });

  it('graphs placement failures by reason', () => {
    expect(sets).toEqual(expect.arrayContaining(['PlacementFailures[Reason]', 'PlacementFailures[ComputeEnvironment,Reason]']));
  });

  it('graphs jobs placed by AZ, instance type, compute environment, queue and launch type', () => {
    expect(sets).toEqual(
      expect.arrayContaining(['JobsPlaced[AvailabilityZone]', 'JobsPlaced[InstanceType]', 'JobsPlaced[ComputeEnvironment]', 'JobsPlaced[JobQueue]', 'JobsPlaced[LaunchType]']),
    );
  });

  it('shows the placement attempts as the jobs placed plus the RunTask calls that placed nothing', () => {
    const throughput = metricWidget(dashboard, 'Placement throughput (per second)');
    const attempts = throughput.queries.find((query) => query.id === 'attemptsPerSecond');
    expect(attempts).toMatchObject({ kind: 'math', expression: expect.stringContaining('FILL(SUM(failedcalls), 0)') });
    expect(throughput.queries.find((query) => query.id === 'failedcalls')).toMatchObject({ kind: 'pipeline', metric: 'FailedRunTaskCalls' });
  });

  it('divides totals by PERIOD() of a plain metric to show them per second', () => {
    const throughput = metricWidget(dashboard, 'Placement throughput (per second)');
    const expressions = throughput.queries.flatMap((query) => (query.kind === 'math' ? [query.expression] : []));
    expect(expressions).toEqual([
      '(FILL(ec2, 0) + FILL(fargate, 0)) / PERIOD(ec2)',
      '(FILL(ec2, 0) + FILL(fargate, 0) + FILL(SUM(failedcalls), 0)) / PERIOD(ec2)',
      'SUM(failedcalls) / PERIOD(ec2)',
      'SUM(failures) / PERIOD(ec2)',
    ]);
    const ec2 = throughput.queries.find((query) => query.id === 'ec2');
    expect(ec2).toMatchObject({ kind: 'pipeline', metric: 'JobsPlaced', where: { LaunchType: 'EC2' }, visible: false });
  });

  it('graphs the placement-failures alarm with its threshold when it is deployed', () => {
    expect(titles(dashboard)).not.toContain('Alarm: Placement failures');
    const withAlarms = jobsPlacementDashboard(optionsWithAlarms());
    expect(metricWidget(withAlarms, 'Alarm: Placement failures').annotations).toEqual([expect.objectContaining({ value: 0, fill: 'above' })]);
    expect(widgetsOf(withAlarms.rows).filter((widget) => widget.kind === 'alarm')).toHaveLength(1);
  });
});
