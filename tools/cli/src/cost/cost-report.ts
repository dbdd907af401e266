import { METRICS_PROFILES, type MetricsProfile } from '@batchmon/metrics';
import type { CostCommand } from './cost-options';
import { costModel, DAYS_PER_MONTH, DEFAULT_ASSUMPTIONS, SERVICES, type CostEstimate, type Service } from './cost-model';
import type { PipelineMeasurement } from './measure-pipeline';
import type { PriceTable } from './prices';
import { dimensionSetsOfProfile } from './metric-profiles';

/** The JSON `npm run cost -- --json` prints. */
export interface CostReport {
  readonly usdPerMonth: { readonly total: number; readonly byService: Readonly<Record<Service, number>> };
  readonly customMetricSeries: number;
  readonly usdPerMillionEvents: number;
  readonly assumptions: Readonly<Record<string, unknown>>;
  /** Every metric profile's series and monthly total, for the same account. */
  readonly profiles: Readonly<Record<MetricsProfile, { readonly customMetricSeries: number; readonly usdPerMonth: number }>>;
  /** Quantities per month behind the lines. */
  readonly usage: Readonly<Record<string, number>>;
  /** Series by metric for the chosen profile. */
  readonly seriesByMetric: Readonly<Record<string, number>>;
}

/** What the estimate leaves out, and why. */
export const NOT_BILLED: readonly string[] = [
  'EventBridge: AWS service events on the default event bus and their rule matching are free',
  'free tiers (Lambda, SQS, CloudWatch metrics and alarms; Express workflows have none) are not deducted: the account shares them; only the free dashboards are',
  'SNS alarm notifications and KMS requests: a few per alarm state change',
  'data transfer: every call stays in the region',
  'the optional CloudTrail trail (createTrail), off by default',
];

const cents = (usd: number): number => Math.round(usd * 100) / 100;
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/**
 * Prices the measured run for the command's account, for its profile and every other profile.
 * @example buildCostReport(command, measurement, DEFAULT_PRICES).usdPerMonth.total;
 */
export function buildCostReport(command: CostCommand, measurement: PipelineMeasurement, prices: PriceTable): CostReport {
  const estimate = (profile: MetricsProfile): CostEstimate =>
    costModel({ measurement, shape: command.shape, jobsPerDay: command.jobsPerDay, prices, profile, dimensionSetsOf: dimensionSetsOfProfile(profile) });
  const chosen = estimate(command.profile);
  const profiles = Object.fromEntries(
    METRICS_PROFILES.map((profile) => {
      const each = profile === command.profile ? chosen : estimate(profile);
      return [profile, { customMetricSeries: each.customMetricSeries, usdPerMonth: cents(each.usdPerMonth.total) }];
    }),
  ) as Record<MetricsProfile, { customMetricSeries: number; usdPerMonth: number }>;
  const seriesByMetric: Record<string, number> = {};
  for (const entry of chosen.series) seriesByMetric[entry.metric] = (seriesByMetric[entry.metric] ?? 0) + entry.series;
  return {
    usdPerMonth: {
      total: cents(chosen.usdPerMonth.total),
      byService: Object.fromEntries(SERVICES.map((service) => [service, cents(chosen.usdPerMonth.byService[service])])) as Record<Service, number>,
    },
    customMetricSeries: chosen.customMetricSeries,
    usdPerMillionEvents: round(chosen.usdPerMillionEvents),
    assumptions: {
      jobsPerDay: command.jobsPerDay,
      ...command.shape,
      profile: command.profile,
      everySeriesReceivesDataEveryHour: true,
      daysPerMonth: round(DAYS_PER_MONTH, 2),
      eventsPerMonth: Math.round(chosen.eventsPerMonth),
      measuredWorkload: {
        jobs: measurement.workload.jobs,
        seed: measurement.workload.seed,
        events: measurement.events,
        executions: measurement.executions,
        scheduledFirings: measurement.scheduled.firings,
        scheduledComputeEnvironments: measurement.scheduled.computeEnvironments,
      },
      perEvent: Object.fromEntries(Object.entries(chosen.perEvent).map(([key, value]) => [key, round(value)])),
      model: DEFAULT_ASSUMPTIONS,
      notBilled: NOT_BILLED,
      prices: { region: prices.region, asOf: prices.asOf, source: prices.source },
    },
    profiles,
    usage: Object.fromEntries(Object.entries(chosen.usage).map(([key, value]) => [key, round(value)])),
    seriesByMetric,
  };
}

const SERVICE_LABELS: Readonly<Record<Service, string>> = {
  stepFunctions: 'Step Functions Express',
  dynamodb: 'DynamoDB (on demand, storage, PITR)',
  sqs: 'SQS',
  lambda: 'Lambda (arm64)',
  cloudwatchLogs: 'CloudWatch Logs',
  cloudwatchMetrics: 'CloudWatch custom metrics',
  cloudwatchDashboards: 'CloudWatch dashboards',
  cloudwatchAlarms: 'CloudWatch alarms',
  kms: 'KMS keys',
};

const number = (value: number, digits = 0): string => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The report as a readable table, with the shape's assumptions and every profile's price. */
export function formatCostReport(report: CostReport, command: CostCommand): string {
  const width = Math.max(...Object.values(SERVICE_LABELS).map((label) => label.length)) + 2;
  const line = (label: string, usd: number): string => `${label.padEnd(width)}${`$${number(usd, 2)}`.padStart(14)}`;
  const perEvent = report.assumptions['perEvent'] as Readonly<Record<string, number>>;
  const per = (key: string): number => perEvent[key] ?? 0;
  const measured = report.assumptions['measuredWorkload'] as { jobs: number; seed: number; events: number; scheduledFirings?: number };
  const prices = report.assumptions['prices'] as { region: string; asOf: string };
  const s = command.shape;
  return [
    `batchmon: estimated monthly cost for ${number(command.jobsPerDay)} jobs/day (metric profile ${command.profile}, ${prices.region} prices as of ${prices.asOf})`,
    '',
    `${'service'.padEnd(width)}${'per month'.padStart(14)}`,
    ...SERVICES.map((service) => line(SERVICE_LABELS[service], report.usdPerMonth.byService[service])),
    line('total', report.usdPerMonth.total),
    '',
    `custom metric series: ${number(report.customMetricSeries)}   event pipeline: $${report.usdPerMillionEvents.toFixed(2)} per million events   events/month: ${number(Number(report.assumptions['eventsPerMonth']))}`,
    '',
    `account shape: ${s.jobQueues} job queues, ${s.computeEnvironments} compute environments, ${s.jobDefinitions} job definitions, ${s.availabilityZones} AZs, ${s.instanceTypes} instance types;`,
    `  each job definition used in ${s.queuesPerJobDefinition} queues, each queue feeding ${s.computeEnvironmentsPerQueue} compute environments,`,
    `  each compute environment ${s.instanceTypesPerComputeEnvironment} instance types in ${s.availabilityZonesPerComputeEnvironment} AZs; every series receiving data every hour.`,
    `measured on ${measured.jobs} simulated jobs (seed ${measured.seed}, ${number(measured.events)} events): ${number(per('eventsPerJob'), 1)} events/job, ${number(per('executionsPerEvent'), 2)} executions/event,`,
    `  ${number(per('taskCallsPerExecution'), 1)} service calls and ${number(per('statesPerExecution'), 1)} states/execution (${number(per('billedMsPerExecution'))} ms billed), ${number(per('writeUnitsPerEvent'), 2)} WRU and ${number(per('readUnitsPerEvent'), 2)} RRU/event,`,
    `  ${number(per('metricMessagesPerEvent'), 2)} metric messages and ${number(per('emfBytesPerEvent'))} EMF bytes/event, ${number(per('errorLogRecordsPerExecution'), 2)} ERROR log records/execution.`,
    `scheduled (capacity levels every minute, priced per month whatever the events): ${number(report.usage['scheduledExecutions'] ?? 0)} executions,`,
    `  ${number(report.usage['scheduledReadRequestUnits'] ?? 0)} RRU and ${number(report.usage['scheduledMessages'] ?? 0)} metric messages/month, measured on ${number(measured.scheduledFirings ?? 0)} firings.`,
    '',
    'metric profiles (same account):',
    ...METRICS_PROFILES.map((profile) => `  ${profile.padEnd(10)} ${number(report.profiles[profile].customMetricSeries).padStart(8)} series   $${number(report.profiles[profile].usdPerMonth, 2)}/month`),
  ].join('\n');
}
