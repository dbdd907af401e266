/**
 * `npx tsx tools/previews/src/screenshot.ts --out docs/dashboard-preview.png [--dashboard job-states] [--jobs 150] [--seed 1] [--height 1100]`
 *
 * The README screenshot: runs a seeded simulated workload through batchmon locally, writes the
 * dashboard previews to a temporary directory and photographs the top of one dashboard in headless
 * Chromium (1400 CSS pixels wide). Exit codes: 0 done, 1 failed, 2 bad usage.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DASHBOARD_KEYS, type DashboardKey } from '@batchmon/dashboards';
import { launchChromium } from './chromium/chromium';
import { GRID_GAP_PX } from './constants';
import { simulatedEmfLines } from './simulated-emf';
import { writeDashboardPreviews } from './write-dashboard-previews';
import { UsageError } from './errors';

const USAGE = `usage: npx tsx tools/previews/src/screenshot.ts --out <file.png> [--dashboard <key>] [--jobs N] [--seed S] [--height PX]

  --out        PNG to write (its directory is created)
  --dashboard  one of ${DASHBOARD_KEYS.join(', ')}   (default job-states)
  --jobs       SubmitJob calls of the simulated workload                     (default 150)
  --seed       seed of the simulated workload                                (default 1)
  --height     most CSS pixels of the page's top to show, cut under a row of widgets (default 1100)`;

const WIDTH = 1400;
/** Space left under the last row in the picture: less than the gap, so the next row does not show. */
const MARGIN = GRID_GAP_PX - 2;

interface Command {
  readonly out: string;
  readonly dashboard: DashboardKey;
  readonly jobs: number;
  readonly seed: number;
  readonly height: number;
}

function parse(argv: readonly string[]): Command | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        dashboard: { type: 'string', default: 'job-states' },
        jobs: { type: 'string', default: '150' },
        seed: { type: 'string', default: '1' },
        height: { type: 'string', default: '1100' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return undefined;
  if (values.out === undefined) throw new UsageError('--out is required');
  const dashboard = DASHBOARD_KEYS.find((key) => key === values.dashboard);
  if (dashboard === undefined) throw new UsageError(`--dashboard: expected one of ${DASHBOARD_KEYS.join(', ')}, found "${values.dashboard}"`);
  const integer = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name}: expected a positive whole number, found "${text}"`);
    return value;
  };
  return { out: values.out, dashboard, jobs: integer('jobs', values.jobs), seed: integer('seed', values.seed), height: integer('height', values.height) };
}

async function main(): Promise<number> {
  let command;
  try {
    command = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`screenshot: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = Date.now();
  const emfLines = await simulatedEmfLines({ jobs: command.jobs, seed: command.seed });
  const outDir = await mkdtemp(path.join(tmpdir(), 'batchmon-screenshot-'));
  const chromium = await launchChromium({ width: WIDTH, height: command.height });
  try {
    const previews = await writeDashboardPreviews({ emfLines, outDir });
    const page = previews.pages.find((entry) => entry.name.endsWith(`-${command.dashboard}`));
    if (page === undefined) throw new Error(`no preview page for dashboard "${command.dashboard}"`);
    const tab = await chromium.context.newPage();
    await tab.goto(pathToFileURL(page.file).href, { waitUntil: 'load' });
    // End the picture under the last row of widgets that fits, not across a graph.
    const bottoms = await tab.locator('.widget').evaluateAll((widgets: { getBoundingClientRect(): { bottom: number } }[]) => widgets.map((widget) => widget.getBoundingClientRect().bottom));
    const height = Math.ceil(Math.max(...bottoms.filter((bottom) => bottom + MARGIN <= command.height), command.height / 2) + MARGIN);
    await mkdir(path.dirname(path.resolve(command.out)), { recursive: true });
    await tab.screenshot({ path: command.out, clip: { x: 0, y: 0, width: WIDTH, height: Math.min(height, command.height) } });
  } finally {
    await chromium.close();
    await rm(outDir, { recursive: true, force: true });
  }
  const { size } = await stat(command.out);
  process.stdout.write(
    `screenshot: ${command.out} (${WIDTH} px wide, ${Math.round(size / 1024)} KB) of the ${command.dashboard} preview, ` +
      `${emfLines.length} EMF lines from ${command.jobs} simulated jobs (seed ${command.seed}), in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`screenshot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
