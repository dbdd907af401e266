import type { EventFamily, JobShape, JobStatus } from '@batchmon/event-schemas';
import type { StuckJob, StuckThresholds } from './stuck-jobs';

// The ground truth is what happened in the simulated account, as plain rows of dimension values
// and counts. Rows carry every dimension known for a fact, so any dimension set of the metric
// catalog can be compared by summing rows (see `tally`). Names, never ARNs: compute environment,
// queue and definition (without revision) names, as batchmon's dimensions use them.

/** EC2 container instances that joined or left a Batch-managed cluster, per kind of instance. */
export interface InstanceCount {
  /** Compute environment name (not the cluster name). */
  readonly computeEnvironment: string;
  readonly availabilityZone: string;
  readonly instanceType: string;
  /** `x86_64` or `arm64`. */
  readonly cpuArchitecture: string;
  readonly count: number;
}

/**
 * Batch job state transitions: one per job id and state the job entered, however many times the
 * event was delivered and however often the job re-entered the state (a retried job is RUNNABLE
 * twice but counted once). Job ids include array children (`<id>:<index>`), multi-node nodes
 * (`<id>#<node>`) and their parents. SUBMITTED never appears: Batch sends no event for it.
 *
 * The placement fields are present exactly when the job's event for that state names a container
 * instance (`container.containerInstanceArn` or `ecsProperties.taskProperties[0].containerInstanceArn`
 * in STARTING, RUNNING, SUCCEEDED or FAILED, i.e. EC2 jobs, array children and multi-node nodes);
 * they describe that instance. Fargate, EKS, array parents, multi-node parents and jobs that failed
 * before being placed have none.
 */
export interface JobStateCount {
  readonly state: JobStatus;
  readonly jobQueue: string;
  /** Job definition name without revision. */
  readonly jobDefinition: string;
  readonly computeEnvironment?: string;
  readonly availabilityZone?: string;
  readonly instanceType?: string;
  readonly count: number;
}

/**
 * ECS tasks of Batch jobs that RunTask placed (one per successful RunTask call: one per attempt of
 * a job, one per node of a multi-node job). EKS jobs have no ECS task and are not counted.
 */
export interface PlacedJobCount {
  readonly launchType: 'EC2' | 'FARGATE';
  readonly computeEnvironment: string;
  readonly jobQueue: string;
  /** The task's Availability Zone (Fargate tasks have one too). */
  readonly availabilityZone: string;
  /** The container instance's type; absent on Fargate. */
  readonly instanceType?: string;
  readonly count: number;
}

/** RunTask calls Batch made for its jobs, successful or not (calls on non-Batch clusters excluded). */
export interface RunTaskCallCount {
  readonly jobQueue: string;
  readonly computeEnvironment: string;
  readonly count: number;
}

/** Entries of RunTask `failures[]`: `RESOURCE:CPU`, `RESOURCE:MEMORY` or `AGENT`. Each failed call has one. */
export interface PlacementFailureCount {
  readonly reason: string;
  readonly computeEnvironment: string;
  readonly jobQueue: string;
  readonly count: number;
}

/** Job Queue Blocked events, by queue and reason category (the `statusReason` up to ` - `). */
export interface BlockedQueueCount {
  readonly jobQueue: string;
  readonly reason: string;
  readonly count: number;
}

/** SubmitJob calls that succeeded, by the name of the queue they named (by name or by ARN). */
export interface SubmissionCount {
  readonly jobQueue: string;
  readonly count: number;
}

/** A configuration value batchmon keeps: a string, a number, a list of names, a flag, or none. */
export type ConfigurationValue = string | number | boolean | readonly string[] | null;

/**
 * What a compute environment or job queue is configured as once every Batch API call of the
 * workload was made: the fields batchmon's configuration table keeps, by their attribute names
 * (compute environments: `type`, `state`, `maxvCpus`, `instanceTypes`, `provisioningModel`,
 * `allocationStrategy`, `orchestration`, `deleted`; job queues: `state`, `priority`,
 * `computeEnvironments` by name in order, `deleted`).
 */
export interface ConfiguredResource {
  readonly kind: 'compute-environment' | 'job-queue';
  readonly name: string;
  readonly fields: Readonly<Record<string, ConfigurationValue>>;
}

/**
 * One job id that reached SUCCEEDED or FAILED, with what batchmon's per-job record should show.
 * Durations are whole seconds between the event `time`s of the first entry into each state (event
 * times have one-second resolution, as EventBridge's do) and are absent when the job skipped one
 * of the two states (e.g. multi-node nodes are never RUNNABLE, array parents never STARTING, a job
 * cancelled while RUNNABLE never STARTING).
 */
export interface FinishedJob {
  readonly jobId: string;
  readonly shape: JobShape;
  readonly jobQueue: string;
  /** Without revision. */
  readonly jobDefinition: string;
  readonly state: 'SUCCEEDED' | 'FAILED';
  /** Attempts that were placed (tasks or pods started); 0 for jobs that never ran. */
  readonly attempts: number;
  /** Platform of the last attempt: ECS on EC2, Fargate, or EKS; absent when never placed. */
  readonly launchType?: 'EC2' | 'FARGATE' | 'EKS';
  /** Compute environment of the last attempt. */
  readonly computeEnvironment?: string;
  /** Container instance type of the last attempt (EC2 only). */
  readonly instanceType?: string;
  /** Availability Zone of the last attempt's container instance or Fargate task. */
  readonly availabilityZone?: string;
  /** First RUNNABLE → first STARTING. */
  readonly runnableWaitSeconds?: number;
  /** First STARTING → first RUNNING. */
  readonly startupSeconds?: number;
  /** First RUNNING → terminal. */
  readonly runSeconds?: number;
  /** `createdAt` → `stoppedAt` of the terminal event, in seconds with millisecond precision. */
  readonly totalSeconds: number;
}

/** Jobs in one live state at one minute, by job queue (`jobQueue`) or by compute environment (`computeEnvironment`). */
export interface LiveJobCount {
  readonly state: JobStatus;
  readonly jobQueue?: string;
  /** Only for STARTING and RUNNING jobs on a container instance: before, a job is on no compute environment. */
  readonly computeEnvironment?: string;
  readonly count: number;
}

/** The jobs that had not ended at the start of one minute, as the simulation made them. */
export interface LiveJobsMinute {
  /** The minute (ISO 8601, seconds zero): what the jobs' state changes before it left. */
  readonly minute: string;
  /** Jobs in each live state by job queue, and (STARTING and RUNNING on a container instance) by compute environment; zero rows left out. */
  readonly jobs: readonly LiveJobCount[];
  /** By job queue with a live job: how long its longest-waiting RUNNABLE job had waited, in seconds (0 when none waited). */
  readonly oldestRunnableSeconds: Readonly<Record<string, number>>;
}

/**
 * What a simulated workload did: what batchmon's metrics must show after consuming its events.
 * Every count is about what happened, never about delivery: duplicates and reordering change only
 * `eventsDelivered`, `duplicatesDelivered` and `reorderedPairs`.
 */
export interface GroundTruth {
  readonly seed: number;
  /** Simulated time of the first event (ISO). */
  readonly start: string;
  /** Simulated time of the last event (ISO). */
  readonly end: string;
  /** `end - start` in seconds. */
  readonly simulatedSeconds: number;
  /** SubmitJob calls made. */
  readonly submissions: number;
  /** SubmitJob calls by job queue (each also a `SubmitJob` event). */
  readonly jobsSubmitted: readonly SubmissionCount[];
  /** The compute environments and job queues as the workload's create and update calls left them, by kind and name. */
  readonly configuration: readonly ConfiguredResource[];
  /** Distinct Batch job ids with at least one state change event (children, nodes and parents included). */
  readonly batchJobs: number;
  /** Job ids by terminal state; every job id ends in exactly one. */
  readonly terminalJobs: { readonly SUCCEEDED: number; readonly FAILED: number };
  /** Distinct events generated (each delivered at least once), non-Batch ones included. */
  readonly events: number;
  /** Events delivered, duplicates included. */
  readonly eventsDelivered: number;
  /** Distinct events by family (non-Batch events included: they belong to families too). */
  readonly eventsByFamily: Readonly<Record<EventFamily, number>>;
  /** Container instances registered (RegisterContainerInstance) and deregistered (DeregisterContainerInstance). */
  readonly instances: { readonly registrations: readonly InstanceCount[]; readonly deregistrations: readonly InstanceCount[] };
  readonly jobStateTransitions: readonly JobStateCount[];
  readonly jobsPlaced: readonly PlacedJobCount[];
  readonly runTaskCalls: readonly RunTaskCallCount[];
  /** The RunTask calls that returned placement failures (placed nothing): batchmon's `FailedRunTaskCalls`. */
  readonly failedRunTaskCalls: readonly RunTaskCallCount[];
  readonly placementFailures: readonly PlacementFailureCount[];
  readonly blockedQueues: readonly BlockedQueueCount[];
  /** Names of the Auto Scaling groups Batch created (one per EC2/Spot compute environment that scaled). */
  readonly autoScalingGroupsCreated: readonly string[];
  /**
   * The jobs in each live state at every minute from the first event to the last, counted from
   * each job's state changes in simulated time (a retry's RUNNABLE counts again; a terminal state
   * takes the job out): a minute counts the changes before it, as a schedule firing on time reads
   * them (a change at the minute itself counts at the next one).
   */
  readonly liveJobs: readonly LiveJobsMinute[];
  /** One record per finished job id, in finishing order; empty when `keepFinishedJobs` is false. */
  readonly finishedJobs: readonly FinishedJob[];
  /**
   * Every stay in RUNNABLE or STARTING longer than its threshold, once per stay, in the order they
   * became stuck (by `stuckAt`), with the reason the simulation put there (see `RUNNABLE_STUCK_REASONS`).
   */
  readonly stuckJobs: readonly StuckJob[];
  /** The thresholds `stuckJobs` applies. */
  readonly stuckThresholds: StuckThresholds;
  /** Distinct events about non-Batch ECS clusters (tasks, RunTask calls, instances): batchmon must ignore them. */
  readonly nonBatchEvents: number;
  /** Extra copies delivered by `duplicateRate`. */
  readonly duplicatesDelivered: number;
  /** Adjacent pairs delivered in swapped order by `reorderRate`. */
  readonly reorderedPairs: number;
}

type Row = { readonly count: number };
type DimensionKey<R> = Exclude<keyof R, 'count'>;

/**
 * Sums rows by a set of dimensions, the way CloudWatch aggregates a metric published under that
 * dimension set. Rows that lack one of the dimensions are left out, as batchmon publishes a record
 * only under the dimension sets whose keys it all carries.
 *
 * @example
 * ```ts
 * tally(truth.jobStateTransitions, ['state', 'availabilityZone']);
 * // [{ state: 'RUNNING', availabilityZone: 'us-east-1a', count: 41 }, ...]
 * ```
 */
export function tally<R extends Row, K extends DimensionKey<R>>(rows: readonly R[], keys: readonly K[]): (Pick<R, K> & Row)[] {
  const sums = new Map<string, { values: Pick<R, K>; count: number }>();
  for (const row of rows) {
    if (keys.some((key) => row[key] === undefined)) continue;
    const values = Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<R, K>;
    const id = JSON.stringify(keys.map((key) => row[key]));
    const sum = sums.get(id);
    if (sum === undefined) sums.set(id, { values, count: row.count });
    else sum.count += row.count;
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { values, count }]) => ({ ...values, count }));
}

/**
 * Sums the counts of the rows that match every given dimension value.
 *
 * @example
 * ```ts
 * total(truth.jobStateTransitions, { state: 'FAILED', jobQueue: 'critical' });
 * ```
 */
export function total<R extends Row>(rows: readonly R[], where: Partial<Omit<R, 'count'>> = {}): number {
  const entries = Object.entries(where) as [keyof R, unknown][];
  let sum = 0;
  for (const row of rows) {
    if (entries.every(([key, value]) => row[key] === value)) sum += row.count;
  }
  return sum;
}
