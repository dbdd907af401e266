// npx tsx tools/scenarios/src/contract/check-contract.ts [--jobs N] [--seed S] [--profile essential|detailed] [--break-widget]
//
// Checks the dashboard and alarm contract against a simulated workload run through batchmon
// locally with the given metrics profile (default essential): prints how many pipeline-metric
// queries each dashboard and alarm has, every query that matches no emitted series and every Logs
// Insights widget reading fields no emitted line carries together. --break-widget checks a job states dashboard with one widget
// broken on purpose (as the contract test does), to show what a violation looks like.
// Exit codes: 0 no violation, 1 violations or failure, 2 bad usage.
import { alarmPipelineQueries, jobStatesDashboard, pipelineQueries } from '@batchmon/dashboards';
import { DEFAULT_METRICS_PROFILE, isMetricsProfile, METRICS_PROFILES, type MetricsProfile } from '@batchmon/metrics';
import { withUnpublishedDimensionSet } from './broken-widget';
import { contractAlarmSet, contractDashboardOptions, contractDashboards } from './contract-subjects';
import { contractViolations, logContractViolations } from './contract-violations';
import { CONTRACT_DELIVERY, CONTRACT_WORKLOAD } from './contract-workload';
import { emitWorkload } from './emit-workload';
import { UsageError } from '../errors';

const USAGE = 'usage: npx tsx tools/scenarios/src/contract/check-contract.ts [--jobs N] [--seed S] [--profile essential|detailed] [--break-widget]';

interface Arguments {
  readonly jobs: number;
  readonly seed: number;
  readonly breakWidget: boolean;
  readonly profile: MetricsProfile;
}

function parseArguments(argv: readonly string[]): Arguments {
  let jobs: number = CONTRACT_WORKLOAD.jobs;
  let seed: number = CONTRACT_WORKLOAD.seed;
  let breakWidget = false;
  let profile: MetricsProfile = DEFAULT_METRICS_PROFILE;
  for (let index = 0; index < argv.length; index += 1) {
    const name = argv[index];
    if (name === '--break-widget') {
      breakWidget = true;
      continue;
    }
    if (name === '--profile') {
      const value = argv[index + 1];
      index += 1;
      if (!isMetricsProfile(value)) throw new UsageError(`--profile: expected ${METRICS_PROFILES.join(' or ')}, found ${value === undefined ? 'nothing' : `"${value}"`}`);
      profile = value;
      continue;
    }
    if (name !== '--jobs' && name !== '--seed') throw new UsageError(`expected --jobs, --seed, --profile or --break-widget, found "${name}"`);
    const value = argv[index + 1];
    index += 1;
    if (value === undefined || !/^-?\d+$/.test(value)) throw new UsageError(`${name}: expected a whole number, found ${value === undefined ? 'nothing' : `"${value}"`}`);
    if (name === '--jobs') jobs = Number(value);
    else seed = Number(value);
  }
  return { jobs, seed, breakWidget, profile };
}

async function main(): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`check-contract: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const emitted = await emitWorkload({ ...CONTRACT_WORKLOAD, jobs: args.jobs, seed: args.seed }, { ...CONTRACT_DELIVERY, metricsProfile: args.profile });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `check-contract: ${args.jobs} jobs (seed ${args.seed}, ${args.profile} profile), ${emitted.summary.events} events → ${emitted.series.length} distinct series in ${seconds} s\n`,
  );

  const all = contractDashboards(args.profile);
  const dashboards = Object.values(args.breakWidget ? { ...all, 'job-states': [withUnpublishedDimensionSet(jobStatesDashboard(contractDashboardOptions({}, args.profile)))] } : all);
  const alarms = contractAlarmSet(args.profile);
  for (const variants of dashboards) {
    const counts = [...new Set(variants.map((dashboard) => pipelineQueries(dashboard).length))].join(' or ');
    process.stdout.write(`  dashboard ${variants[0]?.name ?? ''}: ${counts} pipeline ${counts === '1' ? 'query' : 'queries'}\n`);
  }
  for (const alarm of alarms) {
    const count = alarmPipelineQueries(alarm).length;
    process.stdout.write(`  alarm ${alarm.id}: ${count} pipeline ${count === 1 ? 'query' : 'queries'}\n`);
  }

  const messages = [
    ...new Set([
      ...contractViolations(dashboards.flat(), alarms, emitted.series).map((violation) => violation.message),
      ...logContractViolations(dashboards.flat(), emitted.fieldSets).map((violation) => violation.message),
    ]),
  ];
  if (messages.length === 0) {
    process.stdout.write('check-contract: every pipeline query of every dashboard and alarm matches an emitted series, every Logs Insights widget emitted fields\n');
    return 0;
  }
  process.stdout.write(`check-contract: ${messages.length} ${messages.length === 1 ? 'query reads' : 'queries read'} what was not emitted:\n`);
  for (const message of messages) process.stdout.write(`  ${message}\n`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`check-contract: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
