import { dimensionSetsFor } from '@batchmon/metrics';
import { pipelineQueries } from './dashboard/dashboard';
import { DETAILED_OPTIONS, optionsWithAlarms } from './__fixtures__/options';
import { metricWidget, renderedWidget } from './__fixtures__/inspect';
import { STUCK_JOBS_METRIC } from './stuck-jobs';
import { stuckJobsDashboard } from './stuck-jobs.dashboard';

// The detailed profile publishes every catalog set: its dashboards graph each as a metric.
const dashboard = stuckJobsDashboard(DETAILED_OPTIONS);

describe('stuckJobsDashboard', () => {
  it('graphs the stuck jobs under every dimension set the catalog declares', () => {
    const sets = pipelineQueries(dashboard).filter((query) => query.metric === STUCK_JOBS_METRIC).map((query) => query.dimensionKeys);
    expect(sets).toEqual(dimensionSetsFor(STUCK_JOBS_METRIC, 'detailed'));
  });

  it('shows the live counts by queue and the oldest RUNNABLE wait, at their peak', () => {
    const levels = pipelineQueries(dashboard).filter((query) => query.metric === 'JobsInState' || query.metric === 'OldestRunnableAge');
    expect(levels.map((query) => [query.metric, query.dimensionKeys.join(',')])).toEqual([
      ['JobsInState', 'State,JobQueue'],
      ['OldestRunnableAge', 'JobQueue'],
    ]);
    for (const query of levels) expect(query.stat).toBe('Maximum');
  });

  it('draws the stuck-jobs alarm’s threshold on the stuck jobs', () => {
    const withAlarms = stuckJobsDashboard(optionsWithAlarms({ stuckJobs: { threshold: 3 } }));
    expect(metricWidget(withAlarms, 'Stuck jobs').annotations).toEqual([expect.objectContaining({ value: 3 })]);
  });

  it('lists the stuck jobs with their reason and evidence from the metrics Lambda’s log group', () => {
    const query = String(renderedWidget(dashboard, 'Stuck jobs and their evidence').properties['query']);
    expect(query).toMatch(/^SOURCE '\/aws\/lambda\/batchmon-metrics' \| fields @timestamp, jobId, JobQueue, Reason, .*evidence/);
    expect(query).toContain(`filter ispresent(${STUCK_JOBS_METRIC})`);
  });

  it('counts the stuck jobs by reason from the records, whatever the profile publishes', () => {
    const query = String(renderedWidget(dashboard, 'Stuck jobs by reason').properties['query']);
    expect(query).toContain('stats count(*) as stuckJobs by Reason');
  });
});
