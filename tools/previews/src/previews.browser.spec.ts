/**
 * The previews as a reader sees them: a small simulated workload runs through batchmon locally,
 * its EMF lines become the eight preview pages, and headless Chromium opens each one.
 *
 * Chromium comes from the system (`apt-get install -y chromium`); playwright-core downloads no
 * browser. Without it this suite fails on CI (`CI` set), where a skipped check would pass
 * unnoticed, and is skipped with a loud warning on a developer's machine, where the rest of
 * `npm test` still has to run. Set KEEP_PREVIEWS=1 to keep the pages and the screenshot.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from './chromium/chromium';
import { simulatedEmfLines } from './simulated-emf';
import { writeDashboardPreviews, type DashboardPreviews } from './write-dashboard-previews';

interface MetricWidgetState {
  readonly title: string;
  readonly source: string;
  /** The pipeline metrics its queries read. */
  readonly metrics: string[];
  readonly rendered: string;
  readonly points: number;
  readonly canvas: boolean;
  readonly text: string;
}

/** The DOM members the checks read (the tools project compiles without the DOM library). */
interface WidgetElement {
  getAttribute(name: string): string | null;
  querySelector(selectors: string): unknown;
  readonly textContent: string | null;
}

interface LogWidgetState {
  readonly title: string;
  readonly rows: number;
  readonly text: string;
}

interface OpenedPage {
  readonly name: string;
  readonly problems: string[];
  readonly widgets: MetricWidgetState[];
  readonly logWidgets: LogWidgetState[];
}

// About 30 s alone on an idle machine (synthesis and the emulated pipeline take most of it); beside
// the other pipeline suites on a 2-core machine it can take several times that.
const SETUP_TIMEOUT_MS = 300_000;

/**
 * Metrics a healthy run does not emit: the simulated workload's events all correlate, so the
 * pipeline-health widgets on them show "No local data" (as CloudWatch would show an empty graph).
 */
const NOT_EMITTED_BY_A_HEALTHY_RUN: readonly string[] = ['UncorrelatedEvents'];
const missing = !chromiumInstalled();
if (missing && !process.env['CI']) {
  console.warn(
    `\n${'!'.repeat(100)}\n  SKIPPED: the dashboard preview browser tests need Chromium at ${CHROMIUM_PATH}.\n` +
      `  Install it with \`apt-get install -y chromium\`; on CI (CI set) these tests fail instead.\n${'!'.repeat(100)}\n`,
  );
}

(missing && !process.env['CI'] ? describe.skip : describe)('dashboard previews in Chromium', () => {
  let outDir: string;
  let previews: DashboardPreviews;
  let screenshot: string;
  const opened: OpenedPage[] = [];
  const requests: string[] = [];
  const indexLinks: string[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(`${CHROMIUM_PATH} not found: the preview browser tests need it on CI; install it with \`apt-get install -y chromium\``);
    outDir = await mkdtemp(path.join(tmpdir(), 'batchmon-previews-browser-'));
    // With two stuck situations, so that the "Why jobs wait" dashboard has stuck jobs of two reasons to show.
    const emfLines = await simulatedEmfLines({ jobs: 150, seed: 1, stuckSituations: ['too-big', 'vcpu-limit'] });
    previews = await writeDashboardPreviews({ emfLines, outDir });

    const chromium = await launchChromium({ width: 1400, height: 900 });
    try {
      chromium.context.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      const page = await chromium.context.newPage();
      let problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
      });

      await page.goto(pathToFileURL(previews.index).href, { waitUntil: 'load' });
      indexLinks.push(...(await page.locator('main a').evaluateAll((links: WidgetElement[]) => links.map((link) => link.getAttribute('href') ?? ''))));

      for (const entry of previews.pages) {
        problems = [];
        await page.goto(pathToFileURL(entry.file).href, { waitUntil: 'load' });
        const widgets = await page.locator('[data-kind="metric"]').evaluateAll((elements: WidgetElement[]) =>
          elements.map((element) => ({
            title: element.getAttribute('data-title') ?? '',
            source: element.getAttribute('data-source') ?? '',
            metrics: (element.getAttribute('data-metrics') ?? '').split(' ').filter((metric) => metric.length > 0),
            rendered: element.getAttribute('data-rendered') ?? '',
            points: Number(element.getAttribute('data-points') ?? 0),
            canvas: element.querySelector('canvas') !== null,
            text: element.textContent ?? '',
          })),
        );
        const logWidgets = await page.locator('[data-kind="log"]').evaluateAll((elements: WidgetElement[]) =>
          elements.map((element) => ({ title: element.getAttribute('data-title') ?? '', rows: Number(element.getAttribute('data-rows') ?? 0), text: element.textContent ?? '' })),
        );
        opened.push({ name: entry.name, problems, widgets, logWidgets });
        if (entry.name.endsWith('-job-states')) {
          screenshot = path.join(outDir, 'job-states.png');
          await page.screenshot({ path: screenshot, fullPage: true });
        }
      }
    } finally {
      await chromium.close();
    }
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    if (outDir !== undefined && !process.env['KEEP_PREVIEWS']) await rm(outDir, { recursive: true, force: true });
  });

  it('opens every dashboard page from the index', () => {
    expect(indexLinks).toEqual(previews.pages.map((page) => path.basename(page.file)));
    expect(opened.map((page) => page.name)).toEqual(previews.pages.map((page) => page.name));
  });

  it('draws every metric widget backed by pipeline metrics with data points', () => {
    const pipelineWidgets = opened.flatMap((page) => page.widgets.filter((widget) => widget.source !== 'aws').map((widget) => ({ page: page.name, ...widget })));
    const expected = pipelineWidgets.filter((widget) => !widget.metrics.every((metric) => NOT_EMITTED_BY_A_HEALTHY_RUN.includes(metric)));
    const withoutData = expected.filter((widget) => !(widget.points > 0) || !(widget.rendered === 'static' || (widget.rendered === 'chart' && widget.canvas)));
    // The default (essential) profile: the other breakdowns are Logs Insights widgets, checked below.
    expect(expected.length).toBeGreaterThan(20);
    expect(withoutData.map(({ page, title, rendered, points }) => ({ page, title, rendered, points }))).toEqual([]);
  });

  it('computes every Logs Insights widget from the EMF lines, with rows unless it reads a metric a healthy run does not emit', () => {
    const logWidgets = opened.flatMap((page) => page.logWidgets.map((widget) => ({ page: page.name, ...widget })));
    expect(logWidgets.length).toBeGreaterThan(20);
    // The widget's text shows its query: one over such a metric (e.g. uncorrelated events by reason) has no rows to show.
    const readsNotEmitted = (text: string): boolean => NOT_EMITTED_BY_A_HEALTHY_RUN.some((metric) => text.includes(metric));
    const withoutRows = logWidgets.filter((widget) => (!(widget.rows > 0) && !readsNotEmitted(widget.text)) || widget.text.includes('not run locally'));
    expect(withoutRows.map(({ page, title, rows }) => ({ page, title, rows }))).toEqual([]);
  });

  it('shows "No local data" on a widget whose metrics the run did not emit', () => {
    const empty = opened.flatMap((page) => page.widgets.filter((widget) => widget.rendered === 'empty'));
    for (const widget of empty) {
      expect(widget.metrics.every((metric) => NOT_EMITTED_BY_A_HEALTHY_RUN.includes(metric))).toBe(true);
      expect(widget.text).toContain('No local data');
    }
  });

  it('labels every widget on AWS service metrics as not emulated locally', () => {
    const awsWidgets = opened.flatMap((page) => page.widgets.filter((widget) => widget.source === 'aws'));
    expect(awsWidgets.length).toBeGreaterThan(0);
    for (const widget of awsWidgets) expect(widget.text).toMatch(/AWS\/(ECS|AutoScaling|EC2|States|SQS|Lambda|Events)[^—]* — not emulated locally/);
  });

  it('raises no page error and logs no console error', () => {
    expect(opened.flatMap((page) => page.problems.map((problem) => `${page.name}: ${problem}`))).toEqual([]);
  });

  it('makes no network request', () => {
    expect(requests).toEqual([]);
  });

  it('saves a screenshot of the job states dashboard', async () => {
    expect((await stat(screenshot)).size).toBeGreaterThan(50_000);
  });
});
