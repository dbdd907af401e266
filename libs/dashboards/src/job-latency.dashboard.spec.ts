import { pipelineQueries } from './dashboard/dashboard';
import { DETAILED_OPTIONS, optionsWithAlarms } from './__fixtures__/options';
import { metricWidget, renderedWidget, titles } from './__fixtures__/inspect';
import { jobLatencyDashboard } from './job-latency.dashboard';

// The detailed profile publishes every catalog set: its dashboards graph each as a metric.
const dashboard = jobLatencyDashboard(DETAILED_OPTIONS);
const queries = pipelineQueries(dashboard);

describe('jobLatencyDashboard', () => {
  it('graphs RUNNABLE wait, start-up and run time at p50, p90 and p99 by queue', () => {
    for (const metric of ['RunnableWaitTime', 'StartupTime', 'RunTime', 'TotalTime']) {
      const stats = queries.filter((query) => query.metric === metric && query.dimensionKeys.join() === 'JobQueue').map((query) => query.stat);
      expect(stats).toEqual(['p50', 'p90', 'p99']);
    }
  });

  it('graphs the p90 of each duration by queue and definition', () => {
    for (const metric of ['RunnableWaitTime', 'StartupTime', 'RunTime', 'TotalTime']) {
      expect(queries).toContainEqual(expect.objectContaining({ metric, dimensionKeys: ['JobQueue', 'JobDefinition'], stat: 'p90' }));
    }
  });

  it('graphs scheduling efficiency as an average by queue', () => {
    expect(queries).toContainEqual(expect.objectContaining({ metric: 'SchedulingEfficiency', dimensionKeys: ['JobQueue'], stat: 'Average' }));
  });

  it('lists the slowest recent jobs from the per-job records', () => {
    const query = String(renderedWidget(dashboard, 'Slowest recent jobs').properties['query']);
    expect(query).toBe(
      "SOURCE '/aws/lambda/batchmon-metrics' | fields @timestamp, jobId, JobQueue, JobDefinition, State, computeEnvironment, availabilityZone, instanceType, runnableWaitSeconds, startupSeconds, runSeconds, totalSeconds, attempts | filter ispresent(totalSeconds) | sort totalSeconds desc | limit 50",
    );
  });

  it('draws one threshold line for the per-queue p90 alarms', () => {
    const withAlarms = jobLatencyDashboard(optionsWithAlarms({ runnableWait: { thresholdSeconds: 900, jobQueues: ['high', 'low'] } }));
    expect(metricWidget(withAlarms, 'RUNNABLE wait by job queue (p50, p90, p99)').annotations).toEqual([
      expect.objectContaining({ value: 900, label: 'RUNNABLE wait p90 > 900 s' }),
    ]);
  });

  it('graphs the all-queues RUNNABLE alarm when no queue is named', () => {
    expect(titles(jobLatencyDashboard(optionsWithAlarms()))).toContain('Alarm: Longest RUNNABLE wait');
  });
});
