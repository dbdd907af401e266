import type { MetricName, MetricsProfile } from '@batchmon/metrics';
import type { PipelineMeasurement } from './measure-pipeline';
import { tieredCost, type PriceTable } from './prices';
import { reasonDomains } from './reason-domains';
import { countSeries, totalSeries, type AccountShape, type DimensionSetsOf, type SetSeries } from './series-count';

/** Hours in a month as AWS prices count them (730), in days. */
export const DAYS_PER_MONTH = 730 / 24;

/**
 * What the model assumes where the local run cannot measure: AWS-side latencies and log layout.
 * Every field is reported with the result.
 */
export interface ModelAssumptions {
  /**
   * Milliseconds one Task state's service call takes in AWS (an optimized DynamoDB or SQS
   * integration, round trip inside Step Functions). Typical, not measured here.
   * @default 25
   */
  readonly taskCallMs: number;
  /** Milliseconds of every other state (Pass, Choice, JSONata evaluation). @default 1 */
  readonly stateMs: number;
  /**
   * A Lambda function gets one vCPU at 1,769 MB and a proportional share below
   * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html): the handler's
   * measured milliseconds on this machine are scaled by 1,769 / memory (one local core taken as one vCPU).
   * @default 1769
   */
  readonly lambdaMbPerVcpu: number;
  /** Parallel long polls an SQS event source mapping keeps open when the queue is idle. @default 5 */
  readonly sqsIdlePollers: number;
  /** Seconds each idle long poll waits (SQS's maximum). @default 20 */
  readonly sqsLongPollSeconds: number;
  /** Bytes CloudWatch Logs counts per log event beyond its message (PutLogEvents' 26 bytes). @default 26 */
  readonly logEventOverheadBytes: number;
  /** Stored (compressed) bytes per ingested byte: CloudWatch Logs bills archived data compressed. @default 0.15 */
  readonly logStorageCompression: number;
}

/** Defaults of {@link ModelAssumptions}. */
export const DEFAULT_ASSUMPTIONS: ModelAssumptions = {
  taskCallMs: 25,
  stateMs: 1,
  lambdaMbPerVcpu: 1769,
  sqsIdlePollers: 5,
  sqsLongPollSeconds: 20,
  logEventOverheadBytes: 26,
  logStorageCompression: 0.15,
};

// Lambda writes START, END and REPORT lines per invocation (Node.js runtime, "Lambda function
// logging"). The EMF lines carry no prefix: the metrics Lambda prints them through a Console of its
// own on stdout, which the runtime neither prefixes with time, request id and level nor wraps
// (`lambdaStdoutWriter`, @batchmon/metrics): each line is billed as printed.
const SAMPLE_REQUEST_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const LAMBDA_PLATFORM_LINES = [
  `START RequestId: ${SAMPLE_REQUEST_ID} Version: $LATEST`,
  `END RequestId: ${SAMPLE_REQUEST_ID}`,
  `REPORT RequestId: ${SAMPLE_REQUEST_ID}\tDuration: 123.45 ms\tBilled Duration: 124 ms\tMemory Size: 256 MB\tMax Memory Used: 98 MB\t`,
];

/** The service lines of the bill. */
export const SERVICES = [
  'stepFunctions',
  'dynamodb',
  'sqs',
  'lambda',
  'cloudwatchLogs',
  'cloudwatchMetrics',
  'cloudwatchDashboards',
  'cloudwatchAlarms',
  'kms',
] as const;

/** A service line of the bill. */
export type Service = (typeof SERVICES)[number];

/** Services whose cost follows the number of events (the event pipeline). */
export const EVENT_PIPELINE_SERVICES: readonly Service[] = ['stepFunctions', 'dynamodb', 'sqs', 'lambda', 'cloudwatchLogs'];

/** Options of {@link costModel}. */
export interface CostModelOptions {
  readonly measurement: PipelineMeasurement;
  readonly shape: AccountShape;
  readonly jobsPerDay: number;
  readonly prices: PriceTable;
  /** The metrics profile deployed: its EMF output, dashboards and alarms are priced. */
  readonly profile: MetricsProfile;
  /** The dimension sets the metric profile publishes (the catalog's for `profile`). */
  readonly dimensionSetsOf: DimensionSetsOf;
  readonly assumptions?: ModelAssumptions;
}

/** Per-event facts of the measured run (per simulated event unless named otherwise). */
export interface PerEvent {
  readonly eventsPerJob: number;
  readonly unroutedShare: number;
  readonly executionsPerEvent: number;
  readonly statesPerExecution: number;
  readonly taskCallsPerExecution: number;
  readonly billedMsPerExecution: number;
  readonly writeUnitsPerEvent: number;
  readonly readUnitsPerEvent: number;
  readonly conditionalCheckFailuresPerEvent: number;
  readonly metricMessagesPerEvent: number;
  readonly bytesPerMetricMessage: number;
  readonly emfLinesPerEvent: number;
  readonly emfBytesPerEvent: number;
  readonly errorLogRecordsPerExecution: number;
  readonly errorLogBytesPerRecord: number;
  readonly lambdaLocalMsPerRecord: number;
}

/** What the account pays per month, and why. */
export interface CostEstimate {
  readonly usdPerMonth: { readonly total: number; readonly byService: Readonly<Record<Service, number>> };
  readonly customMetricSeries: number;
  readonly usdPerMillionEvents: number;
  readonly eventsPerMonth: number;
  readonly perEvent: PerEvent;
  /** Quantities per month behind each line (requests, units, GB…). */
  readonly usage: Readonly<Record<string, number>>;
  readonly series: readonly SetSeries[];
}

const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);
const GB = 1024 ** 3;

/**
 * The monthly bill of batchmon for an account: the measured run's per-job facts scaled to
 * `jobsPerDay`, priced with `prices`; metric series enumerated over the shape for the profile.
 *
 * @example
 * const estimate = costModel({ measurement, shape, jobsPerDay: 100_000, prices: DEFAULT_PRICES, dimensionSetsOf });
 * estimate.usdPerMonth.total;
 */
export function costModel(options: CostModelOptions): CostEstimate {
  const { measurement: m, prices, shape } = options;
  const output = m.lambda.byProfile[options.profile];
  const template = m.template[options.profile];
  const a = options.assumptions ?? DEFAULT_ASSUMPTIONS;
  const jobsPerMonth = options.jobsPerDay * DAYS_PER_MONTH;
  // Every measured quantity scales with the jobs: the run's totals per simulated job, times the account's.
  const scale = ratio(jobsPerMonth, m.workload.jobs);
  const eventsPerMonth = m.events * scale;
  const secondsPerMonth = DAYS_PER_MONTH * 86_400;

  // Step Functions Express: a request per execution; duration rounded up to 100 ms per execution, at its billed memory.
  let gbSeconds = 0;
  let billedMs = 0;
  let states = 0;
  let taskCalls = 0;
  for (const profile of m.executionProfiles) {
    const ms = profile.taskCalls * a.taskCallMs + Math.max(0, profile.states - profile.taskCalls) * a.stateMs + profile.waitSeconds * 1000;
    const billed = Math.ceil(ms / 100) * 100;
    billedMs += billed * profile.count;
    gbSeconds += (billed / 1000) * (profile.billedMemoryMb / 1024) * profile.count;
    states += profile.states * profile.count;
    taskCalls += profile.taskCalls * profile.count;
  }
  const executionsPerMonth = m.executions * scale;

  // Scheduled workflows (MinuteLevels): their cost follows the clock, not the events. Each firing
  // as measured, times the firings of a month; what a firing reads and sends grows with the
  // compute environments, so it is scaled from the run's to the account's.
  const s = m.scheduled;
  const firingsPerMonth = s.periodsMs.reduce((sum, period) => sum + (secondsPerMonth * 1000) / period, 0);
  const perFiring = ratio(firingsPerMonth, s.firings);
  const perComputeEnvironment = s.computeEnvironments === 0 ? 1 : shape.computeEnvironments / s.computeEnvironments;
  let scheduledGbSeconds = 0;
  for (const profile of s.executionProfiles) {
    const ms = profile.taskCalls * a.taskCallMs + Math.max(0, profile.states - profile.taskCalls) * a.stateMs + profile.waitSeconds * 1000;
    scheduledGbSeconds += (Math.ceil(ms / 100) / 10) * (profile.billedMemoryMb / 1024) * profile.count;
  }
  const scheduledExecutionsPerMonth = s.executions * perFiring;
  const scheduledGbSecondsPerMonth = scheduledGbSeconds * perFiring * perComputeEnvironment;
  const stepFunctions =
    ((executionsPerMonth + scheduledExecutionsPerMonth) / 1e6) * prices.stepFunctionsExpress.perMillionRequests +
    tieredCost((gbSeconds * scale + scheduledGbSecondsPerMonth) / 3600, prices.stepFunctionsExpress.durationPerGbHourTiers);

  // DynamoDB on demand: the metered units, storage at steady state (items live until their TTL), PITR on the same bytes.
  const tables = Object.values(m.dynamodb.byTable);
  const writeUnits = tables.reduce((sum, table) => sum + table.writeUnits, 0);
  const readUnits = tables.reduce((sum, table) => sum + table.readUnits, 0);
  const conditionalFailures = tables.reduce((sum, table) => sum + table.conditionalCheckFailures, 0);
  const storage = Object.values(m.dynamodb.storage);
  const storedBytes =
    storage.reduce((sum, table) => sum + table.expiringByteDays, 0) * ratio(options.jobsPerDay, m.workload.jobs) + storage.reduce((sum, table) => sum + table.lastingBytes, 0);
  const storedGb = storedBytes / GB;
  const scheduledTables = Object.values(s.dynamodb);
  const scheduledReadUnitsPerMonth = scheduledTables.reduce((sum, table) => sum + table.readUnits, 0) * perFiring * perComputeEnvironment;
  const scheduledWriteUnitsPerMonth = scheduledTables.reduce((sum, table) => sum + table.writeUnits, 0) * perFiring * perComputeEnvironment;
  const dynamodb =
    ((writeUnits * scale + scheduledWriteUnitsPerMonth) / 1e6) * prices.dynamodb.perMillionWriteRequestUnits +
    ((readUnits * scale + scheduledReadUnitsPerMonth) / 1e6) * prices.dynamodb.perMillionReadRequestUnits +
    storedGb * (prices.dynamodb.storagePerGbMonth + prices.dynamodb.pointInTimeRecoveryPerGbMonth);

  // SQS and Lambda: the event source mapping gathers messages for up to its batching window or
  // until the batch is full; each batch is received and deleted 10 messages per request.
  const scheduledMessagesPerMonth = s.queue.messages * perFiring * perComputeEnvironment;
  const messagesPerMonth = m.queue.messages * scale + scheduledMessagesPerMonth;
  const messagesPerSecond = messagesPerMonth / secondsPerMonth;
  const batch = Math.min(m.function.batchSize, Math.max(1, messagesPerSecond * Math.max(m.function.maximumBatchingWindowSeconds, 1)));
  const invocations = messagesPerMonth === 0 ? 0 : messagesPerMonth / batch;
  // A receive and a delete per 10 messages, and one more delete when the function deletes what it
  // wrote before returning (the event source mapping still deletes after it).
  const receiveAndDelete = invocations * (m.function.deletesEarly ? 3 : 2) * Math.ceil(batch / 10);
  const idlePolls = a.sqsIdlePollers * (secondsPerMonth / a.sqsLongPollSeconds);
  const sqsRequests = m.queue.sendRequests * scale + s.queue.sendRequests * perFiring * perComputeEnvironment + receiveAndDelete + idlePolls;
  const sqs = (sqsRequests / 1e6) * (m.function.fifoQueue ? prices.sqs.perMillionFifoRequests : prices.sqs.perMillionRequests);
  const scheduledOutput = s.lambda.byProfile[options.profile];
  const msPerRecord = ratio(output.handlerMs + scheduledOutput.handlerMs, m.lambda.records + s.lambda.records);
  const invocationMs = Math.ceil(batch * msPerRecord * (a.lambdaMbPerVcpu / m.function.memoryMb));
  const lambdaGbSeconds = invocations * (invocationMs / 1000) * (m.function.memoryMb / 1024);
  const lambda = (invocations / 1e6) * prices.lambda.perMillionRequests + lambdaGbSeconds * prices.lambda.perGbSecondArm64;

  // CloudWatch Logs: EMF lines (as printed, unprefixed), the Lambda's platform lines, the workflows' ERROR records.
  const emfBytes =
    (output.emfBytes + output.emfLines * a.logEventOverheadBytes) * scale +
    (scheduledOutput.emfBytes + scheduledOutput.emfLines * a.logEventOverheadBytes) * perFiring * perComputeEnvironment;
  const platformBytes = invocations * LAMBDA_PLATFORM_LINES.reduce((sum, line) => sum + Buffer.byteLength(line, 'utf8') + a.logEventOverheadBytes, 0);
  const errorLogBytes = (m.errorLogs.bytes + m.errorLogs.records * a.logEventOverheadBytes) * scale;
  const ingestedGb = (emfBytes + platformBytes + errorLogBytes) / GB;
  const retainedMonths = Math.min(template.logRetentionDays, 3650) / DAYS_PER_MONTH;
  const storedLogGb = ingestedGb * retainedMonths * a.logStorageCompression;
  const cloudwatchLogs = ingestedGb * prices.cloudwatch.logsIngestionPerGb + storedLogGb * prices.cloudwatch.logsStoragePerGbMonth;

  // Custom metrics: one per series, tiered; dashboards beyond the free ones; alarms per metric (Metrics Insights: per metric analysed).
  const series = countSeries({ shape, dimensionSetsOf: options.dimensionSetsOf, observed: m.observed, reasons: reasonDomains(undefined, observedReasons(m)) });
  const seriesCount = totalSeries(series);
  const cloudwatchMetrics = tieredCost(seriesCount, prices.cloudwatch.customMetricTiers);
  const cloudwatchDashboards = Math.max(0, template.dashboards - prices.cloudwatch.freeDashboards) * prices.cloudwatch.dashboardPerMonth;
  // SCHEMA(namespace, keys) matches the metrics with exactly these keys, in any order.
  const schemaKey = (metric: string, keys: readonly string[]): string => `${metric}/${[...keys].sort().join('|')}`;
  const bySet = new Map(series.map((entry) => [schemaKey(entry.metric, entry.dimensions), entry.series]));
  let alarmMetrics = 0;
  let insightsMetrics = 0;
  for (const alarm of template.alarms) {
    for (const query of alarm) {
      if (query.kind === 'metric') alarmMetrics += 1;
      if (query.kind === 'insights') insightsMetrics += bySet.get(schemaKey(query.metric, query.dimensions)) ?? 0;
    }
  }
  const cloudwatchAlarms = alarmMetrics * prices.cloudwatch.standardAlarmPerMetricMonth + insightsMetrics * prices.cloudwatch.metricsInsightsAlarmPerMetricAnalyzedMonth;
  const kms = template.customerManagedKeys * prices.kms.customerManagedKeyPerMonth;

  const byService: Record<Service, number> = { stepFunctions, dynamodb, sqs, lambda, cloudwatchLogs, cloudwatchMetrics, cloudwatchDashboards, cloudwatchAlarms, kms };
  const total = SERVICES.reduce((sum, service) => sum + byService[service], 0);
  const pipeline = EVENT_PIPELINE_SERVICES.reduce((sum, service) => sum + byService[service], 0);
  return {
    usdPerMonth: { total, byService },
    customMetricSeries: seriesCount,
    usdPerMillionEvents: ratio(pipeline, eventsPerMonth / 1e6),
    eventsPerMonth,
    perEvent: {
      eventsPerJob: ratio(m.events, m.workload.jobs),
      unroutedShare: ratio(m.unroutedEvents, m.events),
      executionsPerEvent: ratio(m.executions, m.events),
      statesPerExecution: ratio(states, m.executions),
      taskCallsPerExecution: ratio(taskCalls, m.executions),
      billedMsPerExecution: ratio(billedMs, m.executions),
      writeUnitsPerEvent: ratio(writeUnits, m.events),
      readUnitsPerEvent: ratio(readUnits, m.events),
      conditionalCheckFailuresPerEvent: ratio(conditionalFailures, m.events),
      metricMessagesPerEvent: ratio(m.queue.messages, m.events),
      bytesPerMetricMessage: ratio(m.queue.bodyBytes, m.queue.messages),
      emfLinesPerEvent: ratio(output.emfLines, m.events),
      emfBytesPerEvent: ratio(output.emfBytes, m.events),
      errorLogRecordsPerExecution: ratio(m.errorLogs.records, m.executions),
      errorLogBytesPerRecord: ratio(m.errorLogs.bytes, m.errorLogs.records),
      lambdaLocalMsPerRecord: msPerRecord,
    },
    usage: {
      executions: executionsPerMonth,
      scheduledExecutions: scheduledExecutionsPerMonth,
      scheduledReadRequestUnits: scheduledReadUnitsPerMonth,
      scheduledMessages: scheduledMessagesPerMonth,
      expressGbSeconds: gbSeconds * scale,
      writeRequestUnits: writeUnits * scale,
      readRequestUnits: readUnits * scale,
      dynamodbStoredGb: storedGb,
      sqsRequests,
      lambdaInvocations: invocations,
      lambdaBatchSize: batch,
      lambdaMsPerInvocation: invocationMs,
      lambdaGbSeconds,
      logsIngestedGb: ingestedGb,
      logsStoredGb: storedLogGb,
      dashboards: template.dashboards,
      alarmMetrics,
      metricsInsightsAlarmMetricsAnalyzed: insightsMetrics,
      customerManagedKeys: template.customerManagedKeys,
    },
    series,
  };
}

/** Reasons the run published for metrics whose reason comes from the event, not from the code. */
function observedReasons(m: PipelineMeasurement): Map<MetricName, Set<string>> {
  const reasons = new Map<MetricName, Set<string>>();
  for (const [metric, sets] of m.observed) {
    for (const [key, combinations] of sets) {
      const dimensions = key.split('|');
      const index = dimensions.indexOf('Reason');
      if (index < 0 || dimensions.includes('Workflow')) continue;
      for (const entry of combinations) {
        const value = (JSON.parse(entry) as string[])[index];
        if (value === undefined) continue;
        const set = reasons.get(metric) ?? new Set<string>();
        set.add(value);
        reasons.set(metric, set);
      }
    }
  }
  return reasons;
}
