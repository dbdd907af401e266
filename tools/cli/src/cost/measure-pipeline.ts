import { performance } from 'node:perf_hooks';
import { synthesizeTemplate } from '@batchmon/infra';
import {
  createMetricsHandler,
  dimensionSetsFor,
  METRICS_PROFILES,
  metricMessageSchema,
  normalizeDimensions,
  type MetricName,
  type MetricsProfile,
} from '@batchmon/metrics';
import type { SQSBatchResponse } from 'aws-lambda';
import { createLocalPipeline, loadTemplate, ratePeriodMs, type ExecutionResult, type LocalPipeline, type LocalTemplate, type SqsBatchHandler, allStates } from '@batchmon/emulator';
import { simulateWorkloadStream, type WorkloadOptions } from '@batchmon/simulator';
import { CapacityMeter, type TableCapacity, type TableStorage } from './capacity-meter';
import { setKey, valuesKey } from './series-count';

/** The profile that publishes every dimension set (profiles are cumulative). */
const RICHEST_PROFILE = METRICS_PROFILES[METRICS_PROFILES.length - 1] ?? 'detailed';

/** Step Functions bills Express memory from this base plus the definition and the execution data (pricing page, example 3). */
export const EXPRESS_BASE_MEMORY_MB = 50;
/** Express memory is billed in chunks of this many MB. */
export const EXPRESS_MEMORY_CHUNK_MB = 64;

/** Executions that look alike for billing: as many Task calls, states and waits, the same billed memory. */
export interface ExecutionProfile {
  readonly stateMachine: string;
  /** Task states entered (each one service call; JSONata Pass states are not calls). */
  readonly taskCalls: number;
  /** States entered (Express does not bill transitions; reported for insight). */
  readonly states: number;
  /** Seconds of Wait states and retry intervals at their nominal length (the run skipped them). */
  readonly waitSeconds: number;
  /** Billed memory: 50 MB + definition + execution input, in 64 MB chunks. */
  readonly billedMemoryMb: number;
  /** Executions with this profile. */
  count: number;
}

/** One execution log record Step Functions writes at level ERROR (without execution data). */
export interface ErrorLogRecords {
  /** Records written. */
  readonly records: number;
  /** Their bytes, each laid out as Step Functions' CloudWatch Logs record (see {@link errorLogRecord}). */
  readonly bytes: number;
}

/** What the metrics Lambda did under one metrics profile. */
export interface ProfileOutput {
  /** Milliseconds the handler ran on this machine, in total. */
  readonly handlerMs: number;
  /** EMF lines printed. */
  readonly emfLines: number;
  /** Bytes of those lines (UTF-8, without newline). */
  readonly emfBytes: number;
}

/** What the metrics Lambda did. */
export interface LambdaMeasurement {
  /** Invocations in the local run (local batches: the model re-batches as the event source mapping would). */
  readonly invocations: number;
  /** SQS messages handed to the handler (redeliveries included). */
  readonly records: number;
  /** The handler's time and EMF output for each profile: every batch is published once per profile. */
  readonly byProfile: Readonly<Record<MetricsProfile, ProfileOutput>>;
}

/** Resources of a synthesized template the fixed costs depend on. */
export interface TemplateFacts {
  readonly dashboards: number;
  readonly customerManagedKeys: number;
  readonly logRetentionDays: number;
  /** Each alarm's metric queries: `metric` (a MetricStat), `insights` (a Metrics Insights query) or `math`. */
  readonly alarms: readonly (readonly AlarmQuery[])[];
}

/** What the metrics queue carried. */
export interface QueueMeasurement {
  /** Messages sent by the workflows. */
  readonly messages: number;
  /** Bytes of their bodies (UTF-8). */
  readonly bodyBytes: number;
  /** SendMessage requests as SQS bills them: one per started 64 KB of each message. */
  readonly sendRequests: number;
}

/** The event source mapping and function settings of the deployed template. */
export interface FunctionSettings {
  readonly batchSize: number;
  /** Whether the queue the function consumes is FIFO (billed at SQS's FIFO request price). */
  readonly fifoQueue: boolean;
  /** Whether the function deletes what it wrote itself before returning (one more delete request per batch). */
  readonly deletesEarly: boolean;
  readonly maximumBatchingWindowSeconds: number;
  readonly memoryMb: number;
  readonly architecture: string;
}

/**
 * What the workflows started on a schedule (MinuteLevels) did in the run: the same facts as for
 * the events, kept apart because their cost follows the clock, not the events (the cost model
 * prices them per month).
 */
export interface ScheduledMeasurement {
  /** Periods of the template's fired schedule rules, in milliseconds (60,000 for `rate(1 minute)`). */
  readonly periodsMs: readonly number[];
  /** Firings in the run (one per boundary of simulated time). */
  readonly firings: number;
  readonly executions: number;
  readonly failedExecutions: number;
  readonly executionProfiles: readonly ExecutionProfile[];
  /** Capacity units their DynamoDB calls consumed, by table. */
  readonly dynamodb: Readonly<Record<string, TableCapacity>>;
  readonly queue: QueueMeasurement;
  /** Messages of theirs the Lambda published, and its time and EMF output for them under each profile. */
  readonly lambda: { readonly records: number; readonly byProfile: Readonly<Record<MetricsProfile, ProfileOutput>> };
  /** Distinct compute environments their messages published levels for (the account shape scales by it). */
  readonly computeEnvironments: number;
}

/** Everything a seeded, simulated workload did in the local pipeline: the per-event facts the cost model scales. */
export interface PipelineMeasurement {
  readonly workload: { readonly jobs: number; readonly seed: number };
  readonly events: number;
  /** Events that matched no rule (filtered at the rule: no execution). */
  readonly unroutedEvents: number;
  readonly executions: number;
  readonly failedExecutions: number;
  readonly executionsByWorkflow: Readonly<Record<string, number>>;
  readonly executionProfiles: readonly ExecutionProfile[];
  readonly errorLogs: ErrorLogRecords;
  readonly dynamodb: { readonly byTable: Readonly<Record<string, TableCapacity>>; readonly storage: Readonly<Record<string, TableStorage>> };
  readonly queue: QueueMeasurement;
  readonly lambda: LambdaMeasurement;
  readonly function: FunctionSettings;
  /** Distinct published dimension values by metric and catalog dimension set (`series-count` reads them). */
  readonly observed: ReadonlyMap<MetricName, ReadonlyMap<string, ReadonlySet<string>>>;
  /** The stack synthesized with each profile: its dashboards, alarms, keys and log retention. */
  readonly template: Readonly<Record<MetricsProfile, TemplateFacts>>;
  /** The scheduled workflows, apart: nothing of theirs is in the per-event facts above. */
  readonly scheduled: ScheduledMeasurement;
}

/** One query of an alarm, as the template has it. */
export type AlarmQuery = { readonly kind: 'metric' } | { readonly kind: 'insights'; readonly metric: string; readonly dimensions: readonly string[] } | { readonly kind: 'math' };

/** Options of {@link measurePipeline}. */
export interface MeasurePipelineOptions {
  /** Submitted jobs of the simulated workload. @default 400 */
  readonly jobs?: number;
  /** Seed of the simulation. @default 1 */
  readonly seed?: number;
  /** Simulator options beyond jobs and seed. */
  readonly workload?: Omit<WorkloadOptions, 'jobs' | 'seed'>;
  /**
   * The stack synthesized with each metrics profile: the first profile's runs the workload (the
   * workflows do not depend on the profile), each one's dashboards and alarms are counted.
   * @default the batchmon stack, synthesized in memory once per profile
   */
  readonly templates?: Readonly<Record<MetricsProfile, object>>;
  /** Called every few hundred events with the count so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Deliver queued messages to the Lambda every this many events. @default 250 */
  readonly flushEvery?: number;
}

/**
 * Runs a seeded simulated workload through batchmon's local pipeline (the synthesized stack on
 * the emulators, the real metrics Lambda handler) and measures what each part did: events,
 * executions and their Task calls, DynamoDB capacity units from the items actually read and
 * written, metric messages and their bytes, the Lambda's records, time and EMF bytes, ERROR-level
 * execution log records, and which dimension values were published. The scheduled workflows fire
 * on the events' simulated time, before each event that crosses a boundary; what they do is
 * measured apart (`scheduled`).
 *
 * @example
 * const measured = await measurePipeline({ jobs: 400, seed: 1 });
 * measured.events / measured.workload.jobs; // events per job
 */
export async function measurePipeline(options: MeasurePipelineOptions = {}): Promise<PipelineMeasurement> {
  const jobs = options.jobs ?? 400;
  const seed = options.seed ?? 1;
  const workloadOptions: WorkloadOptions = { ...options.workload, jobs, seed };
  const templates = options.templates ?? synthesizeProfileTemplates();
  const rawTemplate = templates[METRICS_PROFILES[0]];
  const template = loadTemplate(rawTemplate);
  const lambda = { invocations: 0, records: 0 };
  const queue = { messages: 0, bodyBytes: 0, sendRequests: 0 };
  const scheduledQueue = { messages: 0, bodyBytes: 0, sendRequests: 0 };
  const scheduledLambda = { records: 0 };
  /** Ids of the messages the scheduled executions sent: their records are accounted apart. */
  const scheduledMessageIds = new Set<string>();
  const levelComputeEnvironments = new Set<string>();
  const seenMessages = new Set<string>();
  const observed = new Map<MetricName, Map<string, Set<string>>>();
  // One handler per profile: each batch is published under every profile, to price each one's EMF.
  const emptyOutput = (): { handlerMs: number; emfLines: number; emfBytes: number } => ({ handlerMs: 0, emfLines: 0, emfBytes: 0 });
  const outputs = METRICS_PROFILES.map((profile) => {
    const sinks = { events: emptyOutput(), scheduled: emptyOutput() };
    let sink = sinks.events;
    const handler = createMetricsHandler({
      profile,
      timestampWindow: 'any',
      write: (line) => {
        sink.emfLines += 1;
        sink.emfBytes += Buffer.byteLength(line, 'utf8');
      },
      logError: () => undefined,
    });
    return { profile, sinks, handler, useSink: (which: 'events' | 'scheduled') => (sink = sinks[which]) };
  });
  const handler: SqsBatchHandler = async (event) => {
    for (const record of event.Records) {
      const scheduled = scheduledMessageIds.has(record.messageId);
      if (!seenMessages.has(record.messageId)) {
        seenMessages.add(record.messageId);
        const bytes = Buffer.byteLength(record.body, 'utf8');
        const counts = scheduled ? scheduledQueue : queue;
        counts.messages += 1;
        counts.bodyBytes += bytes;
        // SQS bills each 64 KB chunk of a payload as one request (SQS pricing page).
        counts.sendRequests += Math.max(1, Math.ceil(bytes / 65_536));
      }
      observeRecords(record.body, observed, scheduled ? levelComputeEnvironments : undefined);
    }
    // Scheduled messages and the events' are published as separate batches, so each one's output is measured apart.
    const parts = (['events', 'scheduled'] as const).map((which) => ({
      which,
      records: event.Records.filter((record) => scheduledMessageIds.has(record.messageId) === (which === 'scheduled')),
    }));
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const { which, records } of parts) {
      if (records.length === 0) continue;
      for (const [index, output] of outputs.entries()) {
        output.useSink(which);
        const started = performance.now();
        const answer = await output.handler({ Records: records });
        output.sinks[which].handlerMs += performance.now() - started;
        // The deployed function runs one profile; the answer (which messages failed) is the same for each.
        if (index === 0) failures.push(...answer.batchItemFailures);
      }
      if (which === 'events') {
        lambda.records += records.length;
      } else scheduledLambda.records += records.length;
    }
    lambda.invocations += 1;
    return { batchItemFailures: failures };
  };
  const pipeline = await createLocalPipeline({ template, handler, timeScale: 0, recordHistory: true, retainedRecords: 10 });
  try {
    const meter = new CapacityMeter(template.tables);
    pipeline.dynamodb.wrapCalls(meter.wrapper);
    const taskStates = taskStatesByMachine(template);
    const definitionBytes = new Map(template.stateMachines.map((spec) => [spec.name, Buffer.byteLength(JSON.stringify(spec.definition), 'utf8')]));
    const profiles = new Map<string, ExecutionProfile>();
    const errorLogs = { records: 0, bytes: 0 };
    const executionsByWorkflow: Record<string, number> = {};
    let total = 0;
    for (const _event of simulateWorkloadStream(workloadOptions)) total += 1;
    let events = 0;
    let unrouted = 0;
    let executions = 0;
    let failed = 0;
    const flushEvery = options.flushEvery ?? 250;
    const metricsQueue = metricsQueueOf(pipeline);
    const scheduled = { firings: 0, executions: 0, failed: 0, profiles: new Map<string, ExecutionProfile>(), dynamodb: new Map<string, TableCapacity>() };
    for (const event of simulateWorkloadStream(workloadOptions)) {
      const time = Date.parse(typeof event.time === 'string' ? event.time : '');
      meter.eventTime = Number.isNaN(time) ? meter.eventTime : time / 1000;
      // The schedules the event's time crosses fire first (as publish would), measured apart.
      if (!Number.isNaN(time)) {
        const before = meter.byTable();
        const queued = new Set((metricsQueue?.messages() ?? []).map((message) => message.messageId));
        const runs = await pipeline.advanceTo(time);
        for (const message of metricsQueue?.messages() ?? []) if (!queued.has(message.messageId)) scheduledMessageIds.add(message.messageId);
        addCapacity(scheduled.dynamodb, before, meter.byTable());
        for (const run of runs) {
          scheduled.firings += 1;
          for (const execution of run.executions) {
            scheduled.executions += 1;
            if (execution.status !== 'SUCCEEDED') scheduled.failed += 1;
            const profile = profileOf(execution, taskStates, definitionBytes.get(execution.stateMachine) ?? 0);
            addProfile(scheduled.profiles, profile);
          }
        }
      }
      const result = await pipeline.publish(event);
      events += 1;
      if (result.unrouted) unrouted += 1;
      for (const execution of result.executions) {
        executions += 1;
        if (execution.status !== 'SUCCEEDED') failed += 1;
        executionsByWorkflow[execution.stateMachine] = (executionsByWorkflow[execution.stateMachine] ?? 0) + 1;
        addProfile(profiles, profileOf(execution, taskStates, definitionBytes.get(execution.stateMachine) ?? 0));
        for (const record of errorLogRecordsOf(execution, taskStates.get(execution.stateMachine) ?? new Map())) {
          errorLogs.records += 1;
          errorLogs.bytes += Buffer.byteLength(record, 'utf8');
        }
      }
      if (events % flushEvery === 0) await pipeline.drain();
      if (events % 200 === 0 || events === total) options.onProgress?.(events, total);
    }
    await pipeline.drain();
    return {
      workload: { jobs, seed },
      events,
      unroutedEvents: unrouted,
      executions,
      failedExecutions: failed,
      executionsByWorkflow,
      executionProfiles: [...profiles.values()],
      errorLogs,
      dynamodb: { byTable: withoutCapacity(meter.byTable(), scheduled.dynamodb), storage: meter.storage() },
      queue,
      lambda: { ...lambda, byProfile: Object.fromEntries(outputs.map(({ profile, sinks }) => [profile, sinks.events])) as Record<MetricsProfile, ProfileOutput> },
      function: functionSettings(pipeline, rawTemplate),
      observed,
      template: Object.fromEntries(METRICS_PROFILES.map((profile) => [profile, templateFacts(templates[profile])])) as Record<MetricsProfile, TemplateFacts>,
      scheduled: {
        periodsMs: template.rules.flatMap((rule) => {
          const period = rule.enabled && rule.scheduleExpression !== undefined ? ratePeriodMs(rule.scheduleExpression) : undefined;
          return period === undefined ? [] : [period];
        }),
        firings: scheduled.firings,
        executions: scheduled.executions,
        failedExecutions: scheduled.failed,
        executionProfiles: [...scheduled.profiles.values()],
        dynamodb: Object.fromEntries(scheduled.dynamodb),
        queue: scheduledQueue,
        lambda: { ...scheduledLambda, byProfile: Object.fromEntries(outputs.map(({ profile, sinks }) => [profile, sinks.scheduled])) as Record<MetricsProfile, ProfileOutput> },
        computeEnvironments: levelComputeEnvironments.size,
      },
    };
  } finally {
    await pipeline.close();
  }
}

/** Adds an execution's profile to those alike. */
function addProfile(profiles: Map<string, ExecutionProfile>, profile: ExecutionProfile): void {
  const key = JSON.stringify([profile.stateMachine, profile.taskCalls, profile.states, profile.waitSeconds, profile.billedMemoryMb]);
  const existing = profiles.get(key);
  if (existing) existing.count += 1;
  else profiles.set(key, profile);
}

const CAPACITY_FIELDS = ['writes', 'writeUnits', 'conditionalCheckFailures', 'reads', 'readUnits', 'consistentReads'] as const;

/** Adds what was consumed between `before` and `after` to `into`, by table. */
function addCapacity(into: Map<string, TableCapacity>, before: Readonly<Record<string, TableCapacity>>, after: Readonly<Record<string, TableCapacity>>): void {
  for (const [table, usage] of Object.entries(after)) {
    const start = before[table];
    const total = into.get(table) ?? { writes: 0, writeUnits: 0, conditionalCheckFailures: 0, reads: 0, readUnits: 0, consistentReads: 0 };
    for (const field of CAPACITY_FIELDS) total[field] += usage[field] - (start?.[field] ?? 0);
    into.set(table, total);
  }
}

/** `usage` less what the scheduled executions consumed, by table. */
function withoutCapacity(usage: Readonly<Record<string, TableCapacity>>, scheduled: ReadonlyMap<string, TableCapacity>): Record<string, TableCapacity> {
  return Object.fromEntries(
    Object.entries(usage).map(([table, total]) => {
      const theirs = scheduled.get(table);
      const own = { ...total };
      if (theirs !== undefined) for (const field of CAPACITY_FIELDS) own[field] -= theirs[field];
      return [table, own];
    }),
  );
}

/** The metrics queue: the queue the function's event source mapping consumes. */
function metricsQueueOf(pipeline: LocalPipeline) {
  const mapping = pipeline.template.eventSourceMappings.find((candidate) => candidate.enabled);
  return mapping === undefined ? undefined : pipeline.queues.get(mapping.queueLogicalId);
}

/** Task states of each state machine, with their resource (JSONata Pass states are rewritten locally, but are no calls). */
function taskStatesByMachine(template: LocalTemplate): Map<string, Map<string, string>> {
  return new Map(
    template.stateMachines.map((spec) => [
      spec.name,
      new Map(
        allStates(spec.definition, spec.name)
          .filter(({ state }) => state['Type'] === 'Task')
          .map(({ name, state }) => [name, typeof state['Resource'] === 'string' ? state['Resource'] : '']),
      ),
    ]),
  );
}

function profileOf(execution: ExecutionResult, taskStates: Map<string, Map<string, string>>, definitionBytes: number): ExecutionProfile {
  const tasks = taskStates.get(execution.stateMachine) ?? new Map<string, string>();
  const taskCalls = execution.visitedStates.filter((state) => tasks.has(state)).length + execution.history.filter((event) => event.type === 'StateRetried').length;
  const inputBytes = Buffer.byteLength(JSON.stringify(execution.input), 'utf8');
  const memoryMb = EXPRESS_BASE_MEMORY_MB + (definitionBytes + inputBytes) / (1024 * 1024);
  return {
    stateMachine: execution.stateMachine,
    taskCalls,
    states: execution.visitedStates.length,
    // What the local run skipped: Wait states and retry intervals at their nominal length.
    waitSeconds: Math.round(Math.max(0, execution.simulatedDurationSeconds - execution.durationMs / 1000) * 10) / 10,
    billedMemoryMb: Math.ceil(memoryMb / EXPRESS_MEMORY_CHUNK_MB) * EXPRESS_MEMORY_CHUNK_MB,
    count: 1,
  };
}

/** A deployed state machine's name: CloudFormation appends a 12-character suffix to the construct id. */
const deployedName = (name: string): string => `${name}-AbCdEfGh1234`;
const SAMPLE_ACCOUNT = '123456789012';
const SAMPLE_UUID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/**
 * One log record as Step Functions writes it to CloudWatch Logs ("Log levels" and "Logging using
 * CloudWatch Logs" in the Step Functions guide: `id`, `type`, `details`, `previous_event_id`,
 * `event_timestamp`, `execution_arn`, `redrive_count`). Without execution data the details keep
 * the error name and resource, not the cause, input or output. Laid out with the run's error and
 * state machine names so its length is that of a real record.
 */
export function errorLogRecord(type: string, stateMachine: string, error: string | undefined, resourceArn: string | undefined): string {
  const executionArn = `arn:aws:states:us-east-1:${SAMPLE_ACCOUNT}:express:${deployedName(stateMachine)}:${SAMPLE_UUID}:${SAMPLE_UUID}`;
  // `arn:aws:states:::dynamodb:updateItem` → resourceType `dynamodb`, resource `updateItem`.
  const [resourceType, resource] = (resourceArn ?? '').replace(/^arn:aws:states:::(aws-sdk:)?/, '').split(':');
  return JSON.stringify({
    id: '12',
    type,
    details: { ...(error === undefined ? {} : { error }), ...(resource === undefined || resourceType === undefined ? {} : { resource, resourceType }) },
    previous_event_id: '11',
    event_timestamp: '1714550400000',
    execution_arn: executionArn,
    redrive_count: '0',
  });
}

/**
 * The records an execution writes at level ERROR: one per failed Task (`TaskFailed`, logged
 * even when a Catch handles it) and one when the execution itself fails or times out.
 */
function errorLogRecordsOf(execution: ExecutionResult, tasks: ReadonlyMap<string, string>): string[] {
  const records: string[] = [];
  for (const event of execution.history) {
    if (event.type === 'StateFailed' && event.stateType === 'Task') records.push(errorLogRecord('TaskFailed', execution.stateMachine, event.error, tasks.get(event.stateName ?? '')));
  }
  if (execution.status === 'FAILED') records.push(errorLogRecord('ExecutionFailed', execution.stateMachine, execution.error, undefined));
  if (execution.status === 'TIMED_OUT') records.push(errorLogRecord('ExecutionTimedOut', execution.stateMachine, execution.error, undefined));
  return records;
}

/**
 * Adds the dimension values of a message's records, as the emitter publishes them, to `observed`,
 * and their compute environments to `computeEnvironments` when given.
 */
function observeRecords(body: string, observed: Map<MetricName, Map<string, Set<string>>>, computeEnvironments?: Set<string>): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return;
  }
  const message = metricMessageSchema.safeParse(parsed);
  if (!message.success) return;
  for (const record of message.data.records) {
    const dimensions = normalizeDimensions(record.dimensions);
    if (computeEnvironments !== undefined && dimensions.ComputeEnvironment !== undefined) computeEnvironments.add(dimensions.ComputeEnvironment);
    const sets = observed.get(record.metric) ?? new Map<string, Set<string>>();
    observed.set(record.metric, sets);
    // Every set of the richest profile the record fills, whatever the deployed profile publishes:
    // the cost of each profile is counted from these.
    for (const keys of dimensionSetsFor(record.metric, RICHEST_PROFILE)) {
      const values = keys.map((key) => dimensions[key]);
      if (values.some((value) => value === undefined)) continue;
      const seen = sets.get(setKey(keys)) ?? new Set<string>();
      seen.add(valuesKey(values.map((value) => value ?? '')));
      sets.set(setKey(keys), seen);
    }
  }
}

type TemplateResources = Readonly<Record<string, { readonly Type?: string; readonly Properties?: Record<string, unknown> }>>;

function resourcesOf(template: object): TemplateResources {
  const resources = (template as { readonly Resources?: TemplateResources }).Resources;
  return resources ?? {};
}

function functionSettings(pipeline: LocalPipeline, template: object): FunctionSettings {
  const mapping = pipeline.template.eventSourceMappings.find((candidate) => candidate.enabled);
  const fn = Object.values(resourcesOf(template)).find((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties?.['Runtime'] !== undefined && Array.isArray(resource.Properties['Architectures']));
  const memory = Number(fn?.Properties?.['MemorySize'] ?? 128);
  const architectures = fn?.Properties?.['Architectures'];
  return {
    batchSize: mapping?.batchSize ?? 10,
    fifoQueue: mapping === undefined ? false : pipeline.template.queue(mapping.queueLogicalId).fifo,
    // The metrics Lambda deletes what it wrote itself when it knows its queue.
    deletesEarly: (fn?.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables?.['METRICS_QUEUE_URL'] !== undefined,
    maximumBatchingWindowSeconds: mapping?.maximumBatchingWindowInSeconds ?? 0,
    memoryMb: Number.isFinite(memory) ? memory : 128,
    architecture: Array.isArray(architectures) && typeof architectures[0] === 'string' ? architectures[0] : 'x86_64',
  };
}

const INSIGHTS_SCHEMA = /SELECT\s+\w+\((\w+)\)\s+FROM\s+SCHEMA\("[^"]*"((?:,\s*[\w]+)*)\)/i;

/**
 * The batchmon stack synthesized once per metrics profile.
 * @example synthesizeProfileTemplates().detailed; // the template with `metricsProfile: 'detailed'`
 */
export function synthesizeProfileTemplates(): Record<MetricsProfile, object> {
  return Object.fromEntries(METRICS_PROFILES.map((profile) => [profile, synthesizeTemplate({ metricsProfile: profile })])) as Record<MetricsProfile, object>;
}

/** Dashboards, customer managed keys, log retention and alarm queries of the template. */
function templateFacts(template: object): TemplateFacts {
  const resources = Object.values(resourcesOf(template));
  const alarms = resources
    .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
    .map((resource): AlarmQuery[] => {
      const metrics = resource.Properties?.['Metrics'];
      if (!Array.isArray(metrics)) return [{ kind: 'metric' }];
      return metrics.map((query: Record<string, unknown>): AlarmQuery => {
        if (query['MetricStat'] !== undefined) return { kind: 'metric' };
        const expression = typeof query['Expression'] === 'string' ? query['Expression'] : '';
        const insights = INSIGHTS_SCHEMA.exec(expression);
        if (insights === null) return { kind: 'math' };
        const dimensions = (insights[2] ?? '').split(',').map((key) => key.trim()).filter((key) => key.length > 0);
        return { kind: 'insights', metric: insights[1] ?? '', dimensions };
      });
    });
  const retentions = resources.filter((resource) => resource.Type === 'AWS::Logs::LogGroup').map((resource) => Number(resource.Properties?.['RetentionInDays'] ?? 0));
  return {
    dashboards: resources.filter((resource) => resource.Type === 'AWS::CloudWatch::Dashboard').length,
    customerManagedKeys: resources.filter((resource) => resource.Type === 'AWS::KMS::Key').length,
    logRetentionDays: Math.max(0, ...retentions.filter((days) => Number.isFinite(days))),
    alarms,
  };
}
