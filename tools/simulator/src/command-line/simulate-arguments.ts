import { parseArgs } from 'node:util';
import type { WorkloadOptions } from '../options/workload-options';
import { WORKLOAD_PRESETS, type WorkloadPreset } from '../options/workload-presets';
import { STUCK_SITUATIONS, type StuckSituation } from '../situations/stuck-situations';
import { UsageError } from '../errors';

/** What `npm run simulate` was asked to do. */
export interface SimulateCommand {
  readonly options: WorkloadOptions;
  /** JSON Lines file to write the events to. */
  readonly out: string;
  /** JSON file to write the ground truth to, if asked. */
  readonly truth?: string;
}

/** The usage text of `npm run simulate`. */
export const SIMULATE_USAGE = `Usage: npm run simulate -- --out <file.jsonl> [options]

Writes a seeded, realistic AWS Batch workload as EventBridge events, one per line.

  --out <file>         JSON Lines file to write (required)
  --preset <name>      start from a named workload: ${Object.keys(WORKLOAD_PRESETS).join(', ')} (default: default);
                       the other options override its values
  --jobs <n>           SubmitJob calls to simulate (default 300)
  --seed <n>           integer seed; same seed, same events (default 1; negative: --seed=-7)
  --start <iso>        simulated time of the first submission (default 2024-05-01T08:00:00Z)
  --duplicates <rate>  fraction of events delivered twice, 0 to 1 (default 0)
  --reorder <rate>     chance an event swaps places with the next one, 0 to 1 (default 0)
  --truth <file>       also write the ground truth (what batchmon's metrics must show) as JSON
  --stuck <list>       stuck-job situations to produce: all, or some of
                       ${STUCK_SITUATIONS.join(', ')} (comma-separated)
  --help               show this help`;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function integer(flag: string, value: string | undefined, { positive }: { positive: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const pattern = positive ? /^\d+$/ : /^-?\d+$/;
  const parsed = Number(value);
  if (!pattern.test(value.trim()) || !Number.isSafeInteger(parsed) || (positive && parsed < 1)) {
    throw new UsageError(`--${flag}: expected ${positive ? 'a positive integer' : 'an integer'}, found "${value}"`);
  }
  return parsed;
}

function rate(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || parsed > 1) {
    throw new UsageError(`--${flag}: expected a number from 0 to 1 (e.g. 0.05), found "${value}"`);
  }
  return parsed;
}

function path(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`--${flag}: expected a file path, found an empty string`);
  return value;
}

function situations(value: string | undefined): readonly StuckSituation[] | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'all') return 'all';
  const names = value.split(',').map((name) => name.trim());
  const known: readonly string[] = STUCK_SITUATIONS;
  const unknown = names.find((name) => !known.includes(name));
  if (unknown !== undefined || names.length === 0) {
    throw new UsageError(`--stuck: expected all, or a comma-separated list of ${STUCK_SITUATIONS.join(', ')}, found "${value}"`);
  }
  return STUCK_SITUATIONS.filter((situation) => names.includes(situation));
}

function presetOptions(value: string | undefined): WorkloadOptions {
  if (value === undefined) return {};
  if (!(value in WORKLOAD_PRESETS)) throw new UsageError(`--preset: expected one of ${Object.keys(WORKLOAD_PRESETS).join(', ')}, found "${value}"`);
  return WORKLOAD_PRESETS[value as WorkloadPreset];
}

/**
 * Parses the arguments of `npm run simulate`; `undefined` when help was asked for.
 *
 * @throws UsageError naming the offending option, e.g. `--jobs: expected a positive integer, found "ten"`.
 * @example
 * ```ts
 * parseSimulateArguments(['--jobs', '1000', '--out', 'events.jsonl']);
 * // { options: { jobs: 1000, keepFinishedJobs: false }, out: 'events.jsonl' }
 * ```
 */
export function parseSimulateArguments(args: readonly string[]): SimulateCommand | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        jobs: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        start: { type: 'string' },
        duplicates: { type: 'string' },
        reorder: { type: 'string' },
        truth: { type: 'string' },
        stuck: { type: 'string' },
        preset: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs errors name the option; read the message structurally (errors may come from another realm).
    const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
    throw new UsageError(message);
  }
  if (values.help === true) return undefined;
  const out = path('out', values.out);
  if (out === undefined) throw new UsageError('--out: expected the JSON Lines file to write, found nothing');
  const start = values.start;
  if (start !== undefined && (!ISO_DATE_TIME.test(start) || Number.isNaN(Date.parse(start)))) {
    throw new UsageError(`--start: expected an ISO 8601 date-time such as 2024-05-01T08:00:00Z, found "${start}"`);
  }
  const truth = path('truth', values.truth);
  const jobs = integer('jobs', values.jobs, { positive: true });
  const seed = integer('seed', values.seed, { positive: false });
  const duplicateRate = rate('duplicates', values.duplicates);
  const reorderRate = rate('reorder', values.reorder);
  const stuckSituations = situations(values.stuck);
  const preset = presetOptions(values.preset);
  return {
    out,
    ...(truth === undefined ? {} : { truth }),
    options: {
      ...preset,
      ...(stuckSituations === undefined ? {} : { stuckSituations }),
      ...(jobs === undefined ? {} : { jobs }),
      ...(seed === undefined ? {} : { seed }),
      ...(start === undefined ? {} : { start }),
      ...(duplicateRate === undefined ? {} : { duplicateRate }),
      ...(reorderRate === undefined ? {} : { reorderRate }),
      // Per-job records cost memory on long runs; keep them only when the truth is written.
      keepFinishedJobs: truth !== undefined,
    },
  };
}
