import { CAPACITY_STATUSES, PLACED_LIVE_STATES } from '@batchmon/correlation';
import { JOB_STATUSES, computeEnvironmentName, containerInstanceFacts, EventFamily, familyOf, jobQueueName, type ContainerInstanceLike, type JobStatus } from '@batchmon/event-schemas';
import { emfSeries, parseEmfLine, type Dimension, type EmfDatapoint, type EmfLine, type MetricName } from '@batchmon/metrics';
import { tally, type FinishedJob, type GroundTruth, type SimulatedEvent } from '@batchmon/simulator';

/**
 * Compares what batchmon emitted for a simulated workload with the simulator's ground truth, the
 * way CloudWatch would show it: values summed per metric and combination of dimension values.
 */

/** The ground-truth field holding each catalog dimension (truth rows name values as batchmon's dimensions do). */
const TRUTH_FIELD = {
  State: 'state',
  JobQueue: 'jobQueue',
  JobDefinition: 'jobDefinition',
  ComputeEnvironment: 'computeEnvironment',
  AvailabilityZone: 'availabilityZone',
  InstanceType: 'instanceType',
  CpuArchitecture: 'cpuArchitecture',
  LaunchType: 'launchType',
  Reason: 'reason',
} as const satisfies Partial<Record<Dimension, string>>;

/** A catalog dimension the ground truth knows. */
export type TruthDimension = keyof typeof TRUTH_FIELD;

/** Sums by combination of dimension values, keyed `value / value / …` in the order the dimensions were given. */
export type Sums = Record<string, number>;

const keyOf = (values: readonly unknown[]): string => values.map(String).join(' / ');

/** The datapoints CloudWatch would extract from EMF lines. */
export class EmittedSeries {
  private readonly datapoints: readonly EmfDatapoint[];
  private readonly lines: readonly EmfLine[];

  constructor(lines: readonly string[]) {
    this.datapoints = lines.flatMap((line) => emfSeries(line));
    this.lines = lines.map((line) => parseEmfLine(line));
  }

  /**
   * The values of `metric` summed per combination of the top-level fields `dimensions` of the EMF
   * lines that carry them all: what a Logs Insights `stats sum(metric) by …` over the metrics
   * Lambda's log group computes, whichever sets the profile publishes.
   */
  fieldSums(metric: MetricName, dimensions: readonly Dimension[]): Sums {
    const sums: Sums = {};
    for (const line of this.lines) {
      const fields: Record<string, unknown> = { ...line.properties, ...line.dimensions };
      const values = dimensions.map((d) => fields[d]);
      if (values.some((value) => value === undefined)) continue;
      for (const one of line.metrics) {
        if (one.name !== metric) continue;
        const key = keyOf(values);
        sums[key] = (sums[key] ?? 0) + (typeof one.value === 'number' ? one.value : one.value.reduce((total, value) => total + value, 0));
      }
    }
    return sums;
  }

  /**
   * The values of `metric` published under exactly this dimension set, summed per combination of
   * values (as a CloudWatch Sum over the whole run shows them).
   */
  sums(metric: MetricName, dimensions: readonly Dimension[]): Sums {
    const sums: Sums = {};
    for (const point of this.datapoints) {
      if (point.metric !== metric) continue;
      const keys = Object.keys(point.dimensions);
      if (keys.length !== dimensions.length || !dimensions.every((d) => keys.includes(d))) continue;
      const key = keyOf(dimensions.map((d) => point.dimensions[d]));
      sums[key] = (sums[key] ?? 0) + point.value;
    }
    return sums;
  }
}

/**
 * Truth rows summed by the same dimensions (rows lacking one are left out, as batchmon publishes a
 * record only under the dimension sets it fills), keyed like {@link EmittedSeries.sums}.
 */
export function truthSums<R extends { readonly count: number }>(rows: readonly R[], dimensions: readonly TruthDimension[]): Sums {
  const fields = dimensions.map((d) => TRUTH_FIELD[d]) as unknown as Exclude<keyof R, 'count'>[];
  const sums: Sums = {};
  for (const row of tally(rows, fields)) sums[keyOf(fields.map((field) => row[field]))] = row.count;
  return sums;
}

/** The FinishedJobs records, parsed, by job id (a job id seen twice is reported by {@link finishedJobMismatches}). */
function finishedRecords(lines: readonly string[]): Map<string, { dimensions: Record<string, string>; properties: Record<string, unknown> }[]> {
  const byJob = new Map<string, { dimensions: Record<string, string>; properties: Record<string, unknown> }[]>();
  for (const line of lines) {
    if (!line.includes('"FinishedJobs"')) continue;
    const parsed = parseEmfLine(line);
    if (!parsed.metrics.some((m) => m.name === 'FinishedJobs')) continue;
    const jobId = String(parsed.properties['jobId']);
    const records = byJob.get(jobId) ?? [];
    records.push({ dimensions: { ...parsed.dimensions }, properties: { ...parsed.properties } });
    byJob.set(jobId, records);
  }
  return byJob;
}

/**
 * Durations the truth gives in whole seconds between event `time`s (EventBridge stamps events to
 * the second) but batchmon measures from Batch's own millisecond timestamps (`startedAt`,
 * `stoppedAt`): each end of the truth's interval is truncated by less than a second, so the two
 * differ by less than one second, never more.
 */
const FROM_BATCH_TIMESTAMPS = new Set(['runSeconds']);
const DURATIONS = ['runnableWaitSeconds', 'startupSeconds', 'runSeconds', 'totalSeconds'] as const;

/**
 * Every way the per-job records (FinishedJobs) disagree with the truth's finished jobs, one line
 * each: a job missing or recorded twice, another state, queue or definition, a duration absent on
 * one side, or a different value (within a second for {@link FROM_BATCH_TIMESTAMPS}). For jobs
 * whose last attempt ran on a container instance, the instance's compute environment, AZ and type
 * too. An empty list: every finished job is recorded as it happened.
 */
export function finishedJobMismatches(lines: readonly string[], finished: readonly FinishedJob[]): string[] {
  const records = finishedRecords(lines);
  const mismatches: string[] = [];
  for (const job of finished) {
    const found = records.get(job.jobId) ?? [];
    records.delete(job.jobId);
    const [record] = found;
    if (record === undefined || found.length > 1) {
      mismatches.push(`${job.jobId} (${job.shape}): ${found.length} records`);
      continue;
    }
    const problems: string[] = [];
    const expectDimension = (dimension: string, value: string): void => {
      if (record.dimensions[dimension] !== value) problems.push(`${dimension} ${String(record.dimensions[dimension])}, truth ${value}`);
    };
    expectDimension('State', job.state);
    expectDimension('JobQueue', job.jobQueue);
    expectDimension('JobDefinition', job.jobDefinition);
    for (const duration of DURATIONS) {
      const truth = job[duration];
      const emitted = record.properties[duration];
      const agrees =
        truth === undefined
          ? emitted === undefined
          : typeof emitted === 'number' && (FROM_BATCH_TIMESTAMPS.has(duration) ? Math.abs(emitted - truth) < 1 : emitted === truth);
      if (!agrees) problems.push(`${duration} ${String(emitted)}, truth ${String(truth)}`);
    }
    if (job.instanceType !== undefined) {
      for (const field of ['computeEnvironment', 'availabilityZone', 'instanceType'] as const) {
        if (record.properties[field] !== job[field]) problems.push(`${field} ${String(record.properties[field])}, truth ${String(job[field])}`);
      }
    }
    if (problems.length > 0) mismatches.push(`${job.jobId} (${job.shape}): ${problems.join('; ')}`);
  }
  for (const jobId of records.keys()) mismatches.push(`${jobId}: recorded as finished, not finished in the truth`);
  return mismatches;
}

/** The metric totals a run's summary must show for a workload's truth. */
export function expectedMetricTotals(truth: GroundTruth): Partial<Record<MetricName, number>> {
  const sum = (rows: readonly { readonly count: number }[]): number => rows.reduce((total, row) => total + row.count, 0);
  return {
    JobStateTransitions: sum(truth.jobStateTransitions),
    InstanceRegistrations: sum(truth.instances.registrations),
    InstanceDeregistrations: sum(truth.instances.deregistrations),
    JobsPlaced: sum(truth.jobsPlaced),
    FailedRunTaskCalls: sum(truth.failedRunTaskCalls),
    PlacementFailures: sum(truth.placementFailures),
    BlockedJobQueues: sum(truth.blockedQueues),
    AutoScalingGroupsMonitored: truth.autoScalingGroupsCreated.length,
    JobsSubmitted: sum(truth.jobsSubmitted),
    FinishedJobs: truth.terminalJobs.SUCCEEDED + truth.terminalJobs.FAILED,
  };
}

/** The capacity levels published for a minute: `<metric> <compute environment>[ <type> <AZ>]` → value. */
export type MinuteLevels = Record<string, number>;

const LEVEL_METRICS = ['RegisteredVcpus', 'ReservedVcpus', 'RegisteredMemory', 'ReservedMemory'] as const;

/**
 * The capacity levels the EMF lines publish, by minute (ISO 8601): each level by compute
 * environment, and by compute environment, instance type and AZ.
 */
export function publishedMinuteLevels(lines: readonly string[]): Record<string, MinuteLevels> {
  const byMinute: Record<string, MinuteLevels> = {};
  for (const line of lines) {
    if (!line.includes('"RegisteredVcpus"')) continue;
    const parsed = parseEmfLine(line);
    const fields: Record<string, unknown> = { ...parsed.properties, ...parsed.dimensions };
    const where = [fields['ComputeEnvironment'], fields['InstanceType'], fields['AvailabilityZone']].filter((value) => value !== undefined).join(' ');
    const minute = new Date(parsed.timestamp).toISOString();
    const levels = (byMinute[minute] ??= {});
    for (const metric of parsed.metrics) {
      if (typeof metric.value === 'number') levels[`${metric.name} ${where}`] = metric.value;
    }
  }
  return byMinute;
}

/**
 * What the simulator's container instances had at the start of `minute` (epoch milliseconds), as
 * the events delivered before it tell: `events` in delivery order, read up to the first one at or
 * after the minute — the one whose arrival fires the minute, as EventBridge's schedule fires on
 * time and events delivered late (reordered) arrive after it. Per instance, the ECS Container
 * Instance State Change of the highest version among those events; summed over the ACTIVE and DRAINING ones (reserved =
 * registered − remaining), with a zero for the compute environment, type and AZ of every instance
 * known (by a state change or a RegisterContainerInstance call) that does not count. Instances
 * of clusters Batch does not manage (another team's) are none of batchmon's. Keyed like
 * {@link publishedMinuteLevels}.
 */
export function capacityLevelsAt(events: readonly SimulatedEvent[], minute: number): MinuteLevels {
  type Detail = ContainerInstanceLike & { readonly clusterArn: string; readonly status: string; readonly containerInstanceArn: string; readonly version?: number };
  const latest = new Map<string, { readonly version: number; readonly detail: Detail }>();
  const registered = new Map<string, { readonly cluster: string; readonly instance: ContainerInstanceLike }>();
  for (const event of events) {
    if (Date.parse(String(event.time)) >= minute) break;
    const family = familyOf(event);
    if (family === EventFamily.EcsContainerInstanceRegistrationCall) {
      const detail = event.detail as { readonly eventName?: string; readonly requestParameters?: { readonly cluster?: string }; readonly responseElements?: { readonly containerInstance?: ContainerInstanceLike & { readonly containerInstanceArn: string } } };
      const instance = detail.responseElements?.containerInstance;
      if (detail.eventName === 'RegisterContainerInstance' && instance !== undefined) registered.set(instance.containerInstanceArn, { cluster: detail.requestParameters?.cluster ?? '', instance });
    }
    if (family !== EventFamily.EcsContainerInstanceStateChange) continue;
    const detail = event.detail as Detail;
    const version = detail.version ?? 0;
    const saved = latest.get(detail.containerInstanceArn);
    if (saved === undefined || version > saved.version) latest.set(detail.containerInstanceArn, { version, detail });
  }
  const levels: MinuteLevels = {};
  const add = (where: string, values: readonly number[]): void => {
    LEVEL_METRICS.forEach((metric, index) => {
      levels[`${metric} ${where}`] = (levels[`${metric} ${where}`] ?? 0) + (values[index] ?? 0);
    });
  };
  for (const [arn, { cluster, instance }] of registered) {
    if (latest.has(arn)) continue;
    const facts = containerInstanceFacts(instance);
    const ce = computeEnvironmentName(cluster);
    if (ce === undefined) continue;
    add(ce, [0, 0, 0, 0]);
    add(`${ce} ${facts.instanceType ?? 'unknown'} ${facts.availabilityZone ?? 'unknown'}`, [0, 0, 0, 0]);
  }
  for (const { detail } of latest.values()) {
    const facts = containerInstanceFacts(detail);
    const ce = computeEnvironmentName(detail.clusterArn);
    if (ce === undefined) continue;
    const counts = (CAPACITY_STATUSES as readonly string[]).includes(detail.status);
    const cpu = facts.registeredCpu ?? 0;
    const memory = facts.registeredMemory ?? 0;
    const values = counts
      ? [cpu / 1024, Math.max(0, cpu - (facts.remainingCpu ?? cpu)) / 1024, memory, Math.max(0, memory - (facts.remainingMemory ?? memory))]
      : [0, 0, 0, 0];
    add(ce, values);
    add(`${ce} ${facts.instanceType ?? 'unknown'} ${facts.availabilityZone ?? 'unknown'}`, values);
  }
  return levels;
}

/**
 * Live job counts for one minute: `JobsInState` as `<state> queue <job queue>` and
 * `<state> ce <compute environment>` → jobs (zeros left out), and `OldestRunnableAge` by job queue
 * in seconds.
 */
export interface LiveJobCounts {
  readonly jobs: Record<string, number>;
  readonly oldestRunnable: Record<string, number>;
}

/** The live job counts the EMF lines publish, by minute (ISO 8601). */
export function publishedLiveJobCounts(lines: readonly string[]): Record<string, LiveJobCounts> {
  const byMinute: Record<string, LiveJobCounts> = {};
  for (const line of lines) {
    if (!line.includes('"JobsInState"') && !line.includes('"OldestRunnableAge"')) continue;
    const parsed = parseEmfLine(line);
    const minute = new Date(parsed.timestamp).toISOString();
    const counts = (byMinute[minute] ??= { jobs: {}, oldestRunnable: {} });
    const { State: state, JobQueue: queue, ComputeEnvironment: ce } = parsed.dimensions;
    for (const metric of parsed.metrics) {
      if (typeof metric.value !== 'number') continue;
      if (metric.name === 'OldestRunnableAge' && queue !== undefined) counts.oldestRunnable[queue] = metric.value;
      if (metric.name === 'JobsInState' && metric.value > 0) counts.jobs[queue === undefined ? `${state} ce ${ce}` : `${state} queue ${queue}`] = metric.value;
    }
  }
  return byMinute;
}

/** The minutes (ISO 8601) at which MinuteLevels published anything: capacity levels or job counts. */
export function publishedMinutes(lines: readonly string[]): string[] {
  return [...new Set([...Object.keys(publishedMinuteLevels(lines)), ...Object.keys(publishedLiveJobCounts(lines))])].sort();
}

/** What a Batch Job State Change says of its job, as far as the live counts go. */
interface JobStateLike {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly jobQueue: string;
  readonly attempts?: readonly { readonly container?: { readonly containerInstanceArn?: string } }[];
  readonly container?: { readonly containerInstanceArn?: string };
  readonly ecsProperties?: { readonly taskProperties?: readonly { readonly containerInstanceArn?: string }[] };
}

/**
 * The live job counts at the start of `minute` (epoch milliseconds), as the events delivered before
 * it tell (`events` in delivery order, read up to the first one at or after the minute, as
 * {@link capacityLevelsAt} does). A job is in the state of its latest entry — its greatest attempt,
 * then its latest state — however its events were ordered or repeated; it is live unless that state
 * is terminal. A STARTING or RUNNING job counts by compute environment when the container instance
 * its event names was known (registered, or seen in a state change) when the event arrived. A
 * RUNNABLE job waits from its entry's time, to the second.
 */
export function liveJobCountsAt(events: readonly SimulatedEvent[], minute: number): LiveJobCounts {
  const instances = new Map<string, string>();
  const jobs = new Map<string, { readonly rank: number; readonly status: JobStatus; readonly queue: string; readonly at: number; readonly ce?: string }>();
  for (const event of events) {
    if (Date.parse(String(event.time)) >= minute) break;
    const family = familyOf(event);
    if (family === EventFamily.EcsContainerInstanceRegistrationCall) {
      const detail = event.detail as { readonly eventName?: string; readonly requestParameters?: { readonly cluster?: string }; readonly responseElements?: { readonly containerInstance?: { readonly containerInstanceArn: string } } };
      const ce = computeEnvironmentName(detail.requestParameters?.cluster ?? '');
      const arn = detail.responseElements?.containerInstance?.containerInstanceArn;
      if (detail.eventName === 'RegisterContainerInstance' && arn !== undefined && ce !== undefined) instances.set(arn, ce);
    }
    if (family === EventFamily.EcsContainerInstanceStateChange) {
      const detail = event.detail as { readonly clusterArn: string; readonly containerInstanceArn: string };
      const ce = computeEnvironmentName(detail.clusterArn);
      if (ce !== undefined) instances.set(detail.containerInstanceArn, ce);
    }
    if (family !== EventFamily.BatchJobStateChange) continue;
    const detail = event.detail as JobStateLike;
    const terminal = detail.status === 'SUCCEEDED' || detail.status === 'FAILED';
    const finished = detail.attempts?.length ?? 0;
    const attempt = terminal && finished > 0 ? finished - 1 : finished;
    const rank = attempt * 10 + JOB_STATUSES.indexOf(detail.status);
    const arn = detail.container?.containerInstanceArn ?? detail.ecsProperties?.taskProperties?.[0]?.containerInstanceArn ?? detail.attempts?.at(-1)?.container?.containerInstanceArn;
    const ce = (PLACED_LIVE_STATES as readonly string[]).includes(detail.status) && arn !== undefined ? instances.get(arn) : undefined;
    const saved = jobs.get(detail.jobId);
    const at = Math.floor(Date.parse(String(event.time)) / 1000);
    if (saved === undefined || rank > saved.rank || (rank === saved.rank && saved.ce === undefined && ce !== undefined)) {
      jobs.set(detail.jobId, { rank, status: detail.status, queue: jobQueueName(detail.jobQueue) ?? detail.jobQueue, at, ...(ce === undefined ? {} : { ce }) });
    }
  }
  const counts: LiveJobCounts = { jobs: {}, oldestRunnable: {} };
  for (const job of jobs.values()) {
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') continue;
    counts.jobs[`${job.status} queue ${job.queue}`] = (counts.jobs[`${job.status} queue ${job.queue}`] ?? 0) + 1;
    if (job.ce !== undefined) counts.jobs[`${job.status} ce ${job.ce}`] = (counts.jobs[`${job.status} ce ${job.ce}`] ?? 0) + 1;
    const waited = job.status === 'RUNNABLE' ? minute / 1000 - job.at : 0;
    counts.oldestRunnable[job.queue] = Math.max(counts.oldestRunnable[job.queue] ?? 0, waited);
  }
  return counts;
}
