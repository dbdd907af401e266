import { parseArgs } from 'node:util';
import { DEFAULT_METRICS_PROFILE, isMetricsProfile, METRICS_PROFILES, type MetricsProfile } from '@batchmon/metrics';
import { CostOptionsError } from '../errors';
import type { AccountShape } from './series-count';

/** Usage of `npm run cost`. */
export const COST_USAGE = `usage: npm run cost -- [options]
  Estimates what batchmon costs per month for an account's shape, by service, and $ per million
  events. Per-event counts are measured by running a seeded simulated workload through the local
  pipeline (20-60 s, by the machine); metric series are enumerated from the catalog over the shape.
  --jobs-per-day <n>                 jobs the account submits per day (default 10000)
  --job-queues <n>                   job queues (default 5)
  --compute-environments <n>         compute environments (default 4)
  --job-definitions <n>              job definitions, without revisions (default 20)
  --availability-zones <n>           AZs the compute environments use (default 3)
  --instance-types <n>               instance types the compute environments use (default 6)
  --queues-per-job-definition <n>    job queues each definition is submitted to (default 2)
  --compute-environments-per-queue <n>  compute environments each queue feeds (default 2)
  --instance-types-per-compute-environment <n>  (default 3)
  --availability-zones-per-compute-environment <n>  (default 3)
  --profile <${METRICS_PROFILES.join('|')}>   metric profile (default ${DEFAULT_METRICS_PROFILE})
  --prices <file>                    price file (default tools/cli/src/cost/prices.us-east-1.json)
  --workload-jobs <n>                jobs of the measured simulation (default 300)
  --seed <n>                         seed of the measured simulation (default 1)
  --json                             print JSON instead of a table`;

/** What `npm run cost` was asked. */
export interface CostCommand {
  readonly help: boolean;
  readonly json: boolean;
  readonly jobsPerDay: number;
  readonly shape: AccountShape;
  readonly profile: MetricsProfile;
  readonly pricesFile?: string;
  readonly workloadJobs: number;
  readonly seed: number;
}

/** Defaults of the shape options: a mid-sized account. */
export const DEFAULT_SHAPE: AccountShape = {
  jobQueues: 5,
  computeEnvironments: 4,
  jobDefinitions: 20,
  availabilityZones: 3,
  instanceTypes: 6,
  queuesPerJobDefinition: 2,
  computeEnvironmentsPerQueue: 2,
  instanceTypesPerComputeEnvironment: 3,
  availabilityZonesPerComputeEnvironment: 3,
};

/** Option names of the shape, as typed on the command line. */
const SHAPE_OPTIONS: Readonly<Record<keyof AccountShape, string>> = {
  jobQueues: 'job-queues',
  computeEnvironments: 'compute-environments',
  jobDefinitions: 'job-definitions',
  availabilityZones: 'availability-zones',
  instanceTypes: 'instance-types',
  queuesPerJobDefinition: 'queues-per-job-definition',
  computeEnvironmentsPerQueue: 'compute-environments-per-queue',
  instanceTypesPerComputeEnvironment: 'instance-types-per-compute-environment',
  availabilityZonesPerComputeEnvironment: 'availability-zones-per-compute-environment',
};

const positiveInteger = (name: string, text: string | undefined, fallback: number, minimum = 1): number => {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new CostOptionsError(`--${name}: expected a whole number, found "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < minimum) throw new CostOptionsError(`--${name}: expected a whole number of at least ${minimum}, found ${text}`);
  return value;
};

/**
 * Parses the arguments of `npm run cost`.
 * @throws {CostOptionsError} naming the first bad option and why.
 * @example parseCostArguments(['--jobs-per-day', '100000', '--json']).jobsPerDay; // 100000
 */
export function parseCostArguments(argv: readonly string[]): CostCommand {
  const stringOptions = ['jobs-per-day', ...Object.values(SHAPE_OPTIONS), 'profile', 'prices', 'workload-jobs', 'seed'];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        ...Object.fromEntries(stringOptions.map((name) => [name, { type: 'string' as const }])),
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs names the option in its message ("Unknown option '--foo'", "Option '--json' does not take an argument").
    throw new CostOptionsError(error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error), { cause: error });
  }
  const values = parsed.values as Readonly<Record<string, string | boolean | undefined>>;
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const shape = Object.fromEntries(
    (Object.entries(SHAPE_OPTIONS) as [keyof AccountShape, string][]).map(([key, name]) => [key, positiveInteger(name, text(name), DEFAULT_SHAPE[key])]),
  ) as unknown as AccountShape;
  const profile = text('profile') ?? DEFAULT_METRICS_PROFILE;
  if (!isMetricsProfile(profile)) throw new CostOptionsError(`--profile: expected one of ${METRICS_PROFILES.join(', ')}, found "${profile}"`);
  const pricesFile = text('prices');
  if (pricesFile !== undefined && pricesFile.trim() === '') throw new CostOptionsError('--prices: expected a file path, found an empty string');
  return {
    help: values['help'] === true,
    json: values['json'] === true,
    jobsPerDay: positiveInteger('jobs-per-day', text('jobs-per-day'), 10_000, 0),
    shape,
    profile,
    ...(pricesFile === undefined ? {} : { pricesFile }),
    workloadJobs: positiveInteger('workload-jobs', text('workload-jobs'), 300, 10),
    seed: positiveInteger('seed', text('seed'), 1, 0),
  };
}
