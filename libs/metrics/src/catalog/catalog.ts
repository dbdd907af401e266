import { JOB_STATUSES } from '@batchmon/event-schemas';

/**
 * The metric catalog: every metric batchmon emits, with its unit and the dimension sets it is
 * published under. It is the single source of truth: the workflows shape their records from it,
 * the emitter publishes by it, and dashboards and alarms query by it.
 *
 * Each dimension set costs one CloudWatch custom metric per distinct combination of values
 * ($0.30 per series-month), so every set is marked with the lowest metrics profile that publishes
 * it. The `essential` profile (the default) keeps the sets users alarm on and chart over time at
 * low cardinality: state, job queue, compute environment, workflow and bounded reasons. Sets with
 * a job definition or an instance type, or that multiply several of them, are `detailed`: the
 * emitter still writes their dimension values into every EMF line as top-level fields, so Logs
 * Insights answers those questions from the log group without a series per combination.
 */

/** Dimension keys a metric record may carry. */
export const DIMENSIONS = [
  'State',
  'JobQueue',
  'JobDefinition',
  'ComputeEnvironment',
  'AvailabilityZone',
  'InstanceType',
  'CpuArchitecture',
  'LaunchType',
  'Workflow',
  'Reason',
  'NodeRole',
  'AutoScalingGroup',
] as const;

/** A dimension key of the catalog. */
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Dimension values AWS defines, for the dimensions whose values are not the user's names: the
 * one home dashboards and alarms take them from. `State` is AWS Batch's job status list (from
 * `@batchmon/event-schemas`); `LaunchType` is the ECS launch type of a placed job — placement is
 * counted per ECS task, so EKS jobs (no ECS task) never occur.
 */
export const DIMENSION_VALUES = {
  State: JOB_STATUSES,
  LaunchType: ['EC2', 'FARGATE'],
} as const satisfies Partial<Record<Dimension, readonly string[]>>;

/** A value of the `State` dimension: an AWS Batch job status. */
export type StateValue = (typeof DIMENSION_VALUES.State)[number];

/**
 * Metrics profiles, cheapest first. A profile publishes its own dimension sets and those of every
 * profile before it, so each profile's series include the previous profile's.
 */
export const METRICS_PROFILES = ['essential', 'detailed'] as const;

/** A metrics profile: which of the catalog's dimension sets the emitter publishes. */
export type MetricsProfile = (typeof METRICS_PROFILES)[number];

/** The profile published when none is configured: the low-cardinality sets. */
export const DEFAULT_METRICS_PROFILE = 'essential' satisfies MetricsProfile;

/**
 * Whether `value` names a metrics profile.
 *
 * @example
 * isMetricsProfile('detailed'); // true
 * isMetricsProfile('full'); // false
 */
export function isMetricsProfile(value: unknown): value is MetricsProfile {
  return typeof value === 'string' && (METRICS_PROFILES as readonly string[]).includes(value);
}

/** CloudWatch units used by the catalog (a subset of aws-embedded-metrics' `Unit`). */
export type MetricUnit = 'Count' | 'Seconds' | 'Percent' | 'Megabytes' | 'None';

/** One metric of the catalog. */
export interface MetricDefinition {
  /** CloudWatch unit of every value. */
  readonly unit: MetricUnit;
  /** What the metric counts or measures, for dashboards and docs. */
  readonly description: string;
  /**
   * Dimension sets the metric is published under, each listed under the lowest profile that
   * publishes it. A record publishes under every set of the configured profile whose keys it all
   * carries. Every metric has at least one `essential` set.
   */
  readonly dimensionSets: Readonly<Record<MetricsProfile, readonly (readonly Dimension[])[]>>;
  /**
   * Record properties the metric's EMF lines keep as fields; the emitter drops the others (log
   * ingestion is billed per byte). A property is kept when a dashboard's Logs Insights query reads
   * it, or when it is the only trace of what a rare event said (a reason's text, the group acted
   * on). The values of the keys of the metric's dimension sets are kept whatever this says.
   * `'all'`: every property (the per-job record).
   */
  readonly properties: readonly string[] | 'all';
}

// No property: no query reads one, and the per-job record (FinishedJobs) carries the job's id
// with every correlated field, so the high-volume lines need not repeat it.
const NONE = [] as const;

/** Every metric batchmon emits. */
export const METRIC_CATALOG = {
  JobStateTransitions: {
    unit: 'Count',
    description: 'Batch job state transitions, counted once per job and state.',
    dimensionSets: {
      // By queue, transitions are 7 states × every queue: FinishedJobs by state and queue keeps
      // the outcomes per queue; the rest is a Logs Insights query over the EMF lines.
      essential: [['State']],
      detailed: [
        ['State', 'JobQueue'],
        ['State', 'JobQueue', 'JobDefinition'],
        ['State', 'ComputeEnvironment'],
        ['State', 'AvailabilityZone'],
        ['State', 'InstanceType'],
        ['State', 'AvailabilityZone', 'InstanceType'],
        ['State', 'LaunchType'],
        ['State', 'NodeRole'],
      ],
    },
    properties: NONE,
  },
  InstanceRegistrations: {
    unit: 'Count',
    description: 'EC2 container instances that registered with a Batch-managed ECS cluster.',
    dimensionSets: {
      essential: [['ComputeEnvironment']],
      detailed: [['AvailabilityZone'], ['InstanceType'], ['AvailabilityZone', 'InstanceType'], ['ComputeEnvironment', 'InstanceType'], ['CpuArchitecture']],
    },
    properties: NONE,
  },
  InstanceDeregistrations: {
    unit: 'Count',
    description: 'EC2 container instances that deregistered from a Batch-managed ECS cluster.',
    dimensionSets: {
      essential: [['ComputeEnvironment']],
      detailed: [['AvailabilityZone'], ['InstanceType'], ['AvailabilityZone', 'InstanceType'], ['ComputeEnvironment', 'InstanceType']],
    },
    properties: NONE,
  },
  JobsPlaced: {
    unit: 'Count',
    description: 'ECS tasks of Batch jobs placed on a container instance (or on Fargate), counted once per task.',
    dimensionSets: {
      essential: [['LaunchType'], ['ComputeEnvironment']],
      detailed: [
        ['JobQueue'],
        ['AvailabilityZone'],
        ['InstanceType'],
        ['AvailabilityZone', 'InstanceType'],
        ['ComputeEnvironment', 'JobQueue'],
        ['LaunchType', 'AvailabilityZone'],
      ],
    },
    properties: NONE,
  },
  FailedRunTaskCalls: {
    unit: 'Count',
    description:
      'ECS RunTask calls AWS Batch made that returned placement failures (no task placed), by job queue and compute environment; the calls that placed their task are JobsPlaced.',
    dimensionSets: {
      // By compute environment, like PlacementFailures and JobsPlaced: placement attempts are
      // JobsPlaced + FailedRunTaskCalls, and the failed share divides the two.
      essential: [['ComputeEnvironment']],
      detailed: [['JobQueue'], ['JobQueue', 'ComputeEnvironment']],
    },
    // What the call refused is counted by PlacementFailures itself.
    properties: NONE,
  },
  PlacementFailures: {
    unit: 'Count',
    description: 'Tasks RunTask could not place, by reason (e.g. RESOURCE:MEMORY) and compute environment.',
    dimensionSets: {
      essential: [['Reason'], ['ComputeEnvironment']],
      detailed: [['ComputeEnvironment', 'Reason'], ['JobQueue', 'Reason']],
    },
    // The text of reasons counted as `other`: the only trace of what they said.
    properties: ['reasons'],
  },
  RegisteredVcpus: {
    unit: 'Count',
    description: 'vCPUs registered by the container instances of a compute environment (level published once a minute).',
    dimensionSets: { essential: [['ComputeEnvironment']], detailed: [['ComputeEnvironment', 'InstanceType', 'AvailabilityZone']] },
    properties: NONE,
  },
  ReservedVcpus: {
    unit: 'Count',
    description: 'vCPUs reserved by running tasks on the container instances of a compute environment (level published once a minute).',
    dimensionSets: { essential: [['ComputeEnvironment']], detailed: [['ComputeEnvironment', 'InstanceType', 'AvailabilityZone']] },
    properties: NONE,
  },
  RegisteredMemory: {
    unit: 'Megabytes',
    description: 'Memory (MiB) registered by the container instances of a compute environment (level published once a minute).',
    dimensionSets: { essential: [['ComputeEnvironment']], detailed: [['ComputeEnvironment', 'InstanceType', 'AvailabilityZone']] },
    properties: NONE,
  },
  ReservedMemory: {
    unit: 'Megabytes',
    description: 'Memory (MiB) reserved by running tasks on a compute environment (level published once a minute).',
    dimensionSets: { essential: [['ComputeEnvironment']], detailed: [['ComputeEnvironment', 'InstanceType', 'AvailabilityZone']] },
    properties: NONE,
  },
  BlockedJobQueues: {
    unit: 'Count',
    description: 'Job Queue Blocked events: a RUNNABLE job blocks its queue, by queue and reason.',
    dimensionSets: { essential: [['JobQueue']], detailed: [['JobQueue', 'Reason']] },
    // The reason's text: the Reason dimension keeps only its bounded code.
    properties: ['statusReason'],
  },
  AutoScalingGroupsMonitored: {
    unit: 'Count',
    description: 'Batch-created Auto Scaling groups whose group metrics collection batchmon enabled.',
    dimensionSets: { essential: [[]], detailed: [] },
    properties: ['autoScalingGroupName'],
  },
  JobsSubmitted: {
    unit: 'Count',
    description: 'Jobs submitted (CloudTrail SubmitJob calls that succeeded), by job queue: AWS Batch publishes no event for SUBMITTED.',
    // By queue only: one series per queue, what a queue's arrival rate is charted and compared by.
    dimensionSets: { essential: [['JobQueue']], detailed: [] },
    // An array job is one submission of `arraySize` children.
    properties: ['jobId', 'jobName', 'arraySize'],
  },
  ConfigurationChanges: {
    unit: 'Count',
    description: 'Compute environment and job queue changes (CloudTrail create, update and delete calls) written to the configuration table.',
    // One series: the changes themselves are read from the table and the EMF lines' properties.
    dimensionSets: { essential: [[]], detailed: [] },
    properties: ['resource', 'call', 'fields'],
  },
  RunnableWaitTime: {
    unit: 'Seconds',
    description: 'Time a job waited in RUNNABLE before STARTING (first time seen in each state).',
    dimensionSets: {
      // By queue: the RUNNABLE wait alarm watches each queue.
      essential: [['JobQueue']],
      detailed: [['JobQueue', 'JobDefinition'], ['InstanceType'], ['AvailabilityZone']],
    },
    properties: NONE,
  },
  StartupTime: {
    unit: 'Seconds',
    description: 'Time from STARTING to RUNNING: image pull and container start.',
    dimensionSets: {
      // Start-up depends on the image more than on the queue: one overall series to alarm on, the
      // breakdowns from Logs Insights (pct() over the EMF lines).
      essential: [[]],
      detailed: [['JobQueue'], ['JobQueue', 'JobDefinition'], ['InstanceType'], ['AvailabilityZone']],
    },
    properties: NONE,
  },
  RunTime: {
    unit: 'Seconds',
    description: 'Time from RUNNING to SUCCEEDED or FAILED.',
    dimensionSets: {
      essential: [[]],
      detailed: [['JobQueue'], ['JobQueue', 'JobDefinition'], ['InstanceType'], ['AvailabilityZone'], ['State', 'JobQueue']],
    },
    properties: NONE,
  },
  TotalTime: {
    unit: 'Seconds',
    description: 'Time from job creation (createdAt) to its end (stoppedAt).',
    dimensionSets: {
      // By queue: what a queue's users wait for, end to end.
      essential: [['JobQueue']],
      detailed: [['JobQueue', 'JobDefinition'], ['State', 'JobQueue']],
    },
    properties: NONE,
  },
  SchedulingEfficiency: {
    unit: 'Percent',
    description: 'Run time as a share of total time: how much of a job’s life was spent running.',
    dimensionSets: { essential: [[]], detailed: [['JobQueue'], ['JobQueue', 'JobDefinition']] },
    properties: NONE,
  },
  FinishedJobs: {
    unit: 'Count',
    description:
      'Jobs that reached SUCCEEDED or FAILED. Each record also carries every correlated field and duration of the job as properties: the per-job record for CloudWatch Logs Insights.',
    dimensionSets: { essential: [['State'], ['State', 'JobQueue']], detailed: [['State', 'JobQueue', 'JobDefinition']] },
    properties: 'all',
  },
  JobsInState: {
    unit: 'Count',
    description:
      'Jobs in each live state now (level published once a minute, counted from the job items): by job queue, and by compute environment for the placed states.',
    // Only live states are published (a job that ended is in no state; Batch sends no event for
    // SUBMITTED, so no job is ever seen in it: PENDING, RUNNABLE, STARTING, RUNNING); by compute environment,
    // only STARTING and RUNNING: a job is on no compute environment before.
    dimensionSets: { essential: [['State', 'JobQueue'], ['State', 'ComputeEnvironment']], detailed: [] },
    properties: NONE,
  },
  OldestRunnableAge: {
    unit: 'Seconds',
    description: 'How long the job of a queue that has waited longest in RUNNABLE has waited (level published once a minute; zero when none waits).',
    dimensionSets: { essential: [['JobQueue']], detailed: [] },
    properties: NONE,
  },
  StuckJobs: {
    unit: 'Count',
    description:
      'Jobs RUNNABLE or STARTING longer than their threshold, each counted once per state entry when first diagnosed (by job queue, and by queue and reason, in detailed): why jobs wait.',
    // One series in `essential`, what the stuck-jobs alarm watches: the queue and the reason are
    // fields of every line, and the "Why jobs wait" dashboard breaks the count down by them with Logs
    // Insights. By queue (a series per queue) and by queue and reason (per queue and reason): `detailed`.
    dimensionSets: { essential: [[]], detailed: [['JobQueue'], ['JobQueue', 'Reason']] },
    // The per-job record: the evidence chain for Logs Insights.
    properties: ['jobId', 'state', 'since', 'stuckAt', 'waitedSeconds', 'computeEnvironments', 'evidence', 'failureClass', 'statusReason', 'placementReasons', 'instances', 'requirements'],
  },
  UncorrelatedEvents: {
    unit: 'Count',
    description:
      'Events emitted without part of their correlation (e.g. an instance never seen registering), by workflow and reason.',
    // By reason only in `detailed`: the reason stays a field of every line, and the pipeline
    // health dashboard breaks the count down by reason with Logs Insights in `essential`.
    dimensionSets: { essential: [['Workflow']], detailed: [['Workflow', 'Reason']] },
    properties: ['eventId', 'jobId', 'containerInstanceArn'],
  },
  SkippedEvents: {
    unit: 'Count',
    description: 'Events the pipeline could not use, by workflow and reason. Nothing is dropped silently.',
    // As UncorrelatedEvents: by reason as a metric only in `detailed`, a Logs Insights breakdown in `essential`.
    dimensionSets: { essential: [['Workflow']], detailed: [['Workflow', 'Reason']] },
    // The skipped event's id: to find it in an archive or a capture.
    properties: ['eventId'],
  },
} as const satisfies Record<string, MetricDefinition>;

/** Name of a metric of the catalog. */
export type MetricName = keyof typeof METRIC_CATALOG;

/**
 * The dimension keys of every set of `metric`, in any profile: the dimension values its EMF lines
 * carry as fields, so that Logs Insights answers the sets a profile does not publish as metrics.
 *
 * @example
 * catalogDimensionKeys('TotalTime'); // ['JobQueue', 'JobDefinition', 'State']
 */
export function catalogDimensionKeys(metric: MetricName): readonly Dimension[] {
  const sets: Readonly<Record<MetricsProfile, readonly (readonly Dimension[])[]>> = METRIC_CATALOG[metric].dimensionSets;
  return [...new Set(METRICS_PROFILES.flatMap((profile) => sets[profile].flat()))];
}

/** Every metric name, in catalog order. */
export const METRIC_NAMES = Object.keys(METRIC_CATALOG) as MetricName[];

/** The dimension sets the catalog declares for metric `M` in any profile, each a readonly tuple. */
export type DimensionSetOf<M extends MetricName> = { [P in MetricsProfile]: (typeof METRIC_CATALOG)[M]['dimensionSets'][P][number] }[MetricsProfile];

/** Dimension keys that some dimension set of `M` uses, in any profile. */
export type DimensionOf<M extends MetricName> = DimensionSetOf<M>[number];

/**
 * Looks up a metric of the catalog.
 *
 * @example
 * metricDefinition('JobStateTransitions').unit; // 'Count'
 */
export function metricDefinition(name: MetricName): MetricDefinition {
  return METRIC_CATALOG[name];
}

/**
 * The dimension sets profile `profile` publishes `metric` under: the sets of that profile and of
 * every cheaper one, cheapest first and in catalog order within a profile.
 *
 * @example
 * dimensionSetsFor('FinishedJobs', 'essential'); // [['State'], ['State', 'JobQueue']]
 * dimensionSetsFor('FinishedJobs', 'detailed'); // [['State'], ['State', 'JobQueue'], ['State', 'JobQueue', 'JobDefinition']]
 */
export function dimensionSetsFor<M extends MetricName>(metric: M, profile: MetricsProfile): readonly DimensionSetOf<M>[];
export function dimensionSetsFor(metric: MetricName, profile: MetricsProfile): readonly (readonly Dimension[])[] {
  const sets: Readonly<Record<MetricsProfile, readonly (readonly Dimension[])[]>> = METRIC_CATALOG[metric].dimensionSets;
  return METRICS_PROFILES.slice(0, METRICS_PROFILES.indexOf(profile) + 1).flatMap((each) => sets[each]);
}

/**
 * The cheapest profile that publishes `metric` under exactly the keys `keys` (in any order), or
 * `undefined` when no profile does.
 *
 * @example
 * lowestProfileOf('JobStateTransitions', ['JobQueue', 'State']); // 'detailed'
 * lowestProfileOf('JobStateTransitions', ['JobQueue']); // undefined
 */
export function lowestProfileOf(metric: MetricName, keys: readonly string[]): MetricsProfile | undefined {
  const sets: Readonly<Record<MetricsProfile, readonly (readonly string[])[]>> = METRIC_CATALOG[metric].dimensionSets;
  const same = (set: readonly string[]): boolean => set.length === keys.length && set.every((key) => keys.includes(key));
  return METRICS_PROFILES.find((profile) => sets[profile].some(same));
}
