/**
 * The metric catalog: every metric batchmon emits, with its unit and the dimension sets it is
 * published under. It is the single source of truth: the workflows shape their records from it,
 * the emitter publishes by it, and dashboards and alarms query by it.
 *
 * Each dimension set costs one CloudWatch custom metric per distinct combination of values, so
 * every set below is chosen for a question a user asks, and every dimension has bounded
 * cardinality (names, never ARNs with revisions or ids).
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

/** CloudWatch units used by the catalog (a subset of aws-embedded-metrics' `Unit`). */
export type MetricUnit = 'Count' | 'Seconds' | 'Percent' | 'Megabytes' | 'None';

/** One metric of the catalog. */
export interface MetricDefinition {
  /** CloudWatch unit of every value. */
  readonly unit: MetricUnit;
  /** What the metric counts or measures, for dashboards and docs. */
  readonly description: string;
  /** Dimension sets the metric is published under; a record publishes under every set whose keys it all carries. */
  readonly dimensionSets: readonly (readonly Dimension[])[];
}

const PLACEMENT = [
  ['AvailabilityZone'],
  ['InstanceType'],
  ['ComputeEnvironment'],
  ['AvailabilityZone', 'InstanceType'],
] as const;

/** Every metric batchmon emits. */
export const METRIC_CATALOG = {
  JobStateTransitions: {
    unit: 'Count',
    description: 'Batch job state transitions, counted once per job and state.',
    dimensionSets: [
      ['State'],
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
  InstanceRegistrations: {
    unit: 'Count',
    description: 'EC2 container instances that registered with a Batch-managed ECS cluster.',
    dimensionSets: [...PLACEMENT, ['ComputeEnvironment', 'InstanceType'], ['CpuArchitecture']],
  },
  InstanceDeregistrations: {
    unit: 'Count',
    description: 'EC2 container instances that deregistered from a Batch-managed ECS cluster.',
    dimensionSets: [...PLACEMENT, ['ComputeEnvironment', 'InstanceType']],
  },
  JobsPlaced: {
    unit: 'Count',
    description: 'ECS tasks of Batch jobs placed on a container instance (or on Fargate), counted once per task.',
    dimensionSets: [
      ['LaunchType'],
      ['JobQueue'],
      ['ComputeEnvironment'],
      ['AvailabilityZone'],
      ['InstanceType'],
      ['AvailabilityZone', 'InstanceType'],
      ['ComputeEnvironment', 'JobQueue'],
      ['LaunchType', 'AvailabilityZone'],
    ],
  },
  RunTaskCalls: {
    unit: 'Count',
    description: 'ECS RunTask calls AWS Batch made to place jobs, by job queue and compute environment.',
    dimensionSets: [['JobQueue'], ['ComputeEnvironment'], ['JobQueue', 'ComputeEnvironment']],
  },
  PlacementFailures: {
    unit: 'Count',
    description: 'Tasks RunTask could not place, by reason (e.g. RESOURCE:MEMORY) and compute environment.',
    dimensionSets: [['Reason'], ['ComputeEnvironment'], ['ComputeEnvironment', 'Reason'], ['JobQueue', 'Reason']],
  },
  RegisteredVcpus: {
    unit: 'Count',
    description: 'vCPUs registered by the container instances of a compute environment (level after each change).',
    dimensionSets: [['ComputeEnvironment'], ['ComputeEnvironment', 'InstanceType', 'AvailabilityZone']],
  },
  ReservedVcpus: {
    unit: 'Count',
    description: 'vCPUs reserved by running tasks on the container instances of a compute environment (level after each change).',
    dimensionSets: [['ComputeEnvironment'], ['ComputeEnvironment', 'InstanceType', 'AvailabilityZone']],
  },
  RegisteredMemory: {
    unit: 'Megabytes',
    description: 'Memory (MiB) registered by the container instances of a compute environment (level after each change).',
    dimensionSets: [['ComputeEnvironment'], ['ComputeEnvironment', 'InstanceType', 'AvailabilityZone']],
  },
  ReservedMemory: {
    unit: 'Megabytes',
    description: 'Memory (MiB) reserved by running tasks on a compute environment (level after each change).',
    dimensionSets: [['ComputeEnvironment'], ['ComputeEnvironment', 'InstanceType', 'AvailabilityZone']],
  },
  BlockedJobQueues: {
    unit: 'Count',
    description: 'Job Queue Blocked events: a RUNNABLE job blocks its queue, by queue and reason.',
    dimensionSets: [['JobQueue'], ['JobQueue', 'Reason']],
  },
  AutoScalingGroupsMonitored: {
    unit: 'Count',
    description: 'Batch-created Auto Scaling groups whose group metrics collection batchmon enabled.',
    dimensionSets: [[]],
  },
  RunnableWaitTime: {
    unit: 'Seconds',
    description: 'Time a job waited in RUNNABLE before STARTING (first time seen in each state).',
    dimensionSets: [['JobQueue'], ['JobQueue', 'JobDefinition'], ['InstanceType'], ['AvailabilityZone']],
  },
  StartupTime: {
    unit: 'Seconds',
    description: 'Time from STARTING to RUNNING: image pull and container start.',
    dimensionSets: [['JobQueue'], ['JobQueue', 'JobDefinition'], ['InstanceType'], ['AvailabilityZone']],
  },
  RunTime: {
    unit: 'Seconds',
    description: 'Time from RUNNING to SUCCEEDED or FAILED.',
    dimensionSets: [['JobQueue'], ['JobQueue', 'JobDefinition'], ['InstanceType'], ['AvailabilityZone'], ['State', 'JobQueue']],
  },
  TotalTime: {
    unit: 'Seconds',
    description: 'Time from job creation (createdAt) to its end (stoppedAt).',
    dimensionSets: [['JobQueue'], ['JobQueue', 'JobDefinition'], ['State', 'JobQueue']],
  },
  SchedulingEfficiency: {
    unit: 'Percent',
    description: 'Run time as a share of total time: how much of a job’s life was spent running.',
    dimensionSets: [['JobQueue'], ['JobQueue', 'JobDefinition']],
  },
  FinishedJobs: {
    unit: 'Count',
    description:
      'Jobs that reached SUCCEEDED or FAILED. Each record also carries every correlated field and duration of the job as properties: the per-job record for CloudWatch Logs Insights.',
    dimensionSets: [['State'], ['State', 'JobQueue'], ['State', 'JobQueue', 'JobDefinition']],
  },
  UncorrelatedEvents: {
    unit: 'Count',
    description:
      'Events emitted without part of their correlation (e.g. an instance never seen registering), by workflow and reason.',
    dimensionSets: [['Workflow'], ['Workflow', 'Reason']],
  },
  SkippedEvents: {
    unit: 'Count',
    description: 'Events the pipeline could not use, by workflow and reason. Nothing is dropped silently.',
    dimensionSets: [['Workflow'], ['Workflow', 'Reason']],
  },
} as const satisfies Record<string, MetricDefinition>;

/** Name of a metric of the catalog. */
export type MetricName = keyof typeof METRIC_CATALOG;

/** Every metric name, in catalog order. */
export const METRIC_NAMES = Object.keys(METRIC_CATALOG) as MetricName[];

/** Dimension keys that some dimension set of `M` uses. */
export type DimensionOf<M extends MetricName> = (typeof METRIC_CATALOG)[M]['dimensionSets'][number][number];

/**
 * Looks up a metric of the catalog.
 *
 * @example
 * metricDefinition('JobStateTransitions').unit; // 'Count'
 */
export function metricDefinition(name: MetricName): MetricDefinition {
  return METRIC_CATALOG[name];
}
