import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { batchmonDashboards, renderDashboard } from '@batchmon/dashboards';
import { at, emfLine } from './__fixtures__/emf-lines';
import type { ChartSpec } from './page/chart-spec';
import { previewResources } from './preview-resources';
import { EmfInputError } from './errors';
import { writeDashboardPreviews, type DashboardPreviews } from './write-dashboard-previews';

const lines = [
  emfLine({ metric: 'JobStateTransitions', value: 1, dimensions: { State: 'RUNNING', JobQueue: 'critical' }, sets: [['State'], ['State', 'JobQueue']], at: at('01:00') }),
  emfLine({ metric: 'JobStateTransitions', value: 1, dimensions: { State: 'FAILED', JobQueue: 'critical' }, sets: [['State'], ['State', 'JobQueue']], at: at('07:00') }),
  emfLine({ metric: 'JobStateTransitions', value: 1, dimensions: { State: 'SUCCEEDED', JobQueue: 'critical' }, sets: [['State'], ['State', 'JobQueue']], at: at('06:00') }),
  '',
  emfLine({ metric: 'RunnableWaitTime', value: 42, dimensions: { JobQueue: 'critical' }, at: at('02:00') }),
];

describe('writeDashboardPreviews', () => {
  let outDir: string;
  let previews: DashboardPreviews;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'batchmon-previews-'));
    previews = await writeDashboardPreviews({ emfLines: lines, outDir });
  });

  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('writes an index linking every dashboard with its description', async () => {
    const index = await readFile(previews.index, 'utf8');
    expect(previews.pages).toHaveLength(8);
    for (const page of previews.pages) expect(index).toContain(`href="${path.basename(page.file)}"`);
    expect(index).toContain('Job state transitions by queue, definition and where jobs ran');
  });

  it('writes one page per dashboard with every widget at its CloudWatch place', async () => {
    const dashboards = batchmonDashboards({ region: 'us-east-1', resources: previewResources('us-east-1') });
    const jobStates = renderDashboard(dashboards['job-states']);
    const page = previews.pages.find((entry) => entry.name === 'us-east-1-batchmon-job-states');
    const html = await readFile(page?.file ?? '', 'utf8');
    // The previews show the default alarms: the header gains their status widget, nothing moves.
    expect(page?.widgets).toBe(jobStates.widgets.length + 1);
    const failedByQueue = jobStates.widgets.find((widget) => widget.properties['title'] === 'Failed jobs by job queue');
    expect(failedByQueue).toBeDefined();
    const { x = 0, y = 0, width = 0, height = 0 } = failedByQueue ?? {};
    expect(html).toContain(`grid-column: ${x + 1} / span ${width}; grid-row: ${y + 1} / span ${height}`);
  });

  it('counts the metric widgets charted from local data', () => {
    const jobStates = previews.pages.find((entry) => entry.name === 'us-east-1-batchmon-job-states');
    const utilization = previews.pages.find((entry) => entry.name === 'us-east-1-batchmon-asg-utilization');
    // Transitions by state and failed jobs (%): by job queue, the essential profile answers with Logs Insights.
    expect(jobStates?.chartedWidgets).toBe(2);
    expect(utilization?.chartedWidgets).toBe(0);
  });

  it('computes the Logs Insights breakdowns of the essential profile from the EMF lines', async () => {
    const page = previews.pages.find((entry) => entry.name === 'us-east-1-batchmon-job-states');
    const html = await readFile(page?.file ?? '', 'utf8');
    // RUNNING, FAILED and SUCCEEDED on queue critical, each in its own five-minute bin or state.
    expect(html).toContain('data-kind="log" data-title="Transitions by state and job queue" data-rows="3"');
    expect(html).toContain('data-kind="log" data-title="Failed jobs by job queue" data-rows="1"');
    expect(html).not.toContain('not run locally');
  });

  it('charts every breakdown as a metric in the detailed profile', async () => {
    const detailedDir = await mkdtemp(path.join(tmpdir(), 'batchmon-previews-detailed-'));
    try {
      const detailed = await writeDashboardPreviews({ emfLines: lines, outDir: detailedDir, profile: 'detailed' });
      // Transitions by state, by state and job queue, failed jobs by job queue, failed jobs (%).
      expect(detailed.pages.find((entry) => entry.name === 'us-east-1-batchmon-job-states')?.chartedWidgets).toBe(4);
    } finally {
      await rm(detailedDir, { recursive: true, force: true });
    }
  });

  it('draws alarm thresholds on their graphs', async () => {
    const page = previews.pages.find((entry) => entry.name === 'us-east-1-batchmon-job-states');
    const html = await readFile(page?.file ?? '', 'utf8');
    const specs = JSON.parse(/<script type="application\/json" id="preview-charts">(.*?)<\/script>/s.exec(html)?.[1] ?? '[]') as ChartSpec[];
    const widgetId = /data-widget-id="(w\d+)" data-kind="metric" data-view="timeSeries" data-source="pipeline" data-title="Failed jobs \(% of finished\)"/.exec(html)?.[1];
    expect(specs.find((spec) => spec.widgetId === widgetId)?.annotations).toEqual([{ value: 20, label: 'Failed jobs > 20 %', color: '#d62728', fill: 'above', yAxis: 'left' }]);
  });

  it('labels widgets on AWS service metrics as not emulated', async () => {
    const page = previews.pages.find((entry) => entry.name === 'us-east-1-batchmon-ec2-capacity');
    expect(await readFile(page?.file ?? '', 'utf8')).toContain('AWS/ECS metric — not emulated locally');
  });

  it('inlines everything a page needs, so it makes no network request', async () => {
    for (const page of previews.pages) {
      const html = await readFile(page.file, 'utf8');
      expect(html).not.toMatch(/<link\b|\bsrc=|url\(|@import/i);
      expect(html).toContain("default-src 'none'");
      expect(html).toContain('uPlot 1.6.32');
    }
  });

  it('leads the header links to the other previews instead of the console', async () => {
    const page = previews.pages.find((entry) => entry.name === 'us-east-1-batchmon-job-states');
    expect(await readFile(page?.file ?? '', 'utf8')).toContain('<a href="us-east-1-batchmon-job-latency.html">Job latency</a>');
  });

  it('rejects a line that is not EMF, naming it', async () => {
    await expect(writeDashboardPreviews({ emfLines: [lines[0] ?? '', 'not json'], outDir })).rejects.toThrow(EmfInputError);
    await expect(writeDashboardPreviews({ emfLines: [lines[0] ?? '', 'not json'], outDir })).rejects.toThrow(/^EMF line 2: /);
  });
});
