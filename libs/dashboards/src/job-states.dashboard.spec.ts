import { dimensionSetsFor } from '@batchmon/metrics';
import { pipelineQueries } from './dashboard/dashboard';
import { DETAILED_OPTIONS, optionsWithAlarms } from './__fixtures__/options';
import { metricWidget, renderedWidget } from './__fixtures__/inspect';
import { jobStatesDashboard } from './job-states.dashboard';

// The detailed profile publishes every catalog set: its dashboards graph each as a metric.
const dashboard = jobStatesDashboard(DETAILED_OPTIONS);

describe('jobStatesDashboard', () => {
  it('graphs transitions under every dimension set the catalog declares (state, queue, definition, CE, AZ, type, …)', () => {
    const sets = new Set(pipelineQueries(dashboard).filter((query) => query.metric === 'JobStateTransitions').map((query) => query.dimensionKeys.join(',')));
    for (const set of dimensionSetsFor('JobStateTransitions', 'detailed')) expect(sets).toContain(set.join(','));
  });

  it('computes the failed share from FAILED and SUCCEEDED transitions, each filled with 0 where it has no datapoint', () => {
    const ratio = metricWidget(dashboard, 'Failed jobs (% of finished)');
    expect(ratio.queries.map((query) => (query.kind === 'pipeline' ? query.where : query.kind === 'math' ? query.expression : undefined))).toEqual([
      { State: 'FAILED' },
      { State: 'SUCCEEDED' },
      '100 * FILL(failed, 0) / (FILL(failed, 0) + FILL(succeeded, 0))',
    ]);
  });

  it('draws the failure-ratio alarm’s threshold on the failed share', () => {
    const withAlarms = jobStatesDashboard(optionsWithAlarms({ failureRatio: { thresholdPercent: 15 } }));
    expect(metricWidget(withAlarms, 'Failed jobs (% of finished)').annotations).toEqual([expect.objectContaining({ value: 15, label: 'Failed jobs > 15 %' })]);
  });

  it('graphs the live job counts and the oldest RUNNABLE wait under every dimension set the catalog declares, at their peak', () => {
    for (const metric of ['JobsInState', 'OldestRunnableAge'] as const) {
      const queries = pipelineQueries(dashboard).filter((query) => query.metric === metric);
      expect(queries.map((query) => query.dimensionKeys)).toEqual(dimensionSetsFor(metric, 'detailed'));
      for (const query of queries) expect(query.stat).toBe('Maximum');
    }
  });

  it('graphs blocked queues and finished jobs', () => {
    const metrics = new Set(pipelineQueries(dashboard).map((query) => query.metric));
    expect(metrics).toContain('BlockedJobQueues');
    expect(metrics).toContain('FinishedJobs');
  });

  it('graphs submissions under every dimension set the catalog declares, and the configuration changes', () => {
    const queries = pipelineQueries(dashboard);
    const submitted = new Set(queries.filter((query) => query.metric === 'JobsSubmitted').map((query) => query.dimensionKeys.join(',')));
    expect([...submitted]).toEqual(dimensionSetsFor('JobsSubmitted', 'detailed').map((set) => set.join(',')));
    expect(queries.filter((query) => query.metric === 'ConfigurationChanges').map((query) => query.dimensionKeys)).toEqual(dimensionSetsFor('ConfigurationChanges', 'detailed'));
  });

  it('lists recently failed jobs with their reasons from the metrics Lambda’s log group', () => {
    const query = String(renderedWidget(dashboard, 'Recently failed jobs').properties['query']);
    expect(query).toMatch(/^SOURCE '\/aws\/lambda\/batchmon-metrics' \| fields @timestamp, jobId, .*statusReason/);
    expect(query).toContain(`filter ispresent(FinishedJobs) and State = 'FAILED'`);
  });
});
