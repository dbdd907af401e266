// Timing and behaviour constants of the simulated account. Durations are in milliseconds of
// simulated time unless the name says otherwise; each value is a plausible order of magnitude
// for AWS Batch on ECS, not a measurement.

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Job arrivals come in waves (a pipeline or a user submitting a batch), separated by quiet gaps. */
export const ARRIVALS = {
  meanWaveSize: 40,
  meanGapWithinWave: 3 * SECOND,
  meanGapBetweenWaves: 6 * MINUTE,
  /** Submitters back off while this many jobs wait in RUNNABLE, which keeps memory bounded. */
  maxRunnableBacklog: 800,
  backlogRetry: MINUTE,
} as const;

/** SubmitJob → SUBMITTED → PENDING/RUNNABLE: Batch evaluates dependencies within seconds. */
export const SUBMISSION_EVALUATION = { min: 1 * SECOND, max: 4 * SECOND } as const;

/** The Batch scheduler: how soon a change triggers a pass, and how often it passes while jobs wait. */
export const SCHEDULER = {
  reactionMin: 1 * SECOND,
  reactionMax: 5 * SECOND,
  periodMin: 10 * SECOND,
  periodMax: 30 * SECOND,
  /** Jobs of one queue considered per pass (the head of the queue). */
  jobsPerQueuePerPass: 150,
  /**
   * Chance that a placement decision is taken on the view of the cluster from the start of the
   * pass, not seeing the placements made since: what makes RunTask fail with RESOURCE:* under
   * pressure, as concurrent placement does in ECS.
   */
  staleViewProbability: 0.25,
} as const;

/** Array and multi-node sizes. */
export const SIZES = {
  arrayMin: 2,
  arrayMax: 16,
  /** Occasionally an array is much larger. */
  largeArrayProbability: 0.1,
  largeArrayMin: 20,
  largeArrayMax: 60,
  nodesMin: 2,
  nodesMax: 4,
} as const;

/** EC2 instances: boot until the ECS agent registers, and how long an idle instance stays. */
export const INSTANCES = {
  bootMedian: 75 * SECOND,
  bootSigma: 0.3,
  bootMin: 35 * SECOND,
  bootMax: 5 * MINUTE,
  idleBeforeScaleInMin: 4 * MINUTE,
  idleBeforeScaleInMax: 8 * MINUTE,
  // Drawn within a typical instance lifetime here (busy instances live minutes to an hour).
  spotInterruptionAfterMin: 2 * MINUTE,
  spotInterruptionAfterMax: 20 * MINUTE,
  agentDisconnectAfterMin: 1 * MINUTE,
  agentDisconnectAfterMax: 10 * MINUTE,
  agentDisconnectForMin: 20 * SECOND,
  agentDisconnectForMax: 2 * MINUTE,
} as const;

/** From RunTask to a running container and from the container's exit to the job's end. */
export const TASKS = {
  ec2PendingMin: 0.5 * SECOND,
  ec2PendingMax: 2.5 * SECOND,
  fargatePendingMin: 5 * SECOND,
  fargatePendingMax: 25 * SECOND,
  startingMin: 1 * SECOND,
  startingMax: 3 * SECOND,
  ec2PullMedian: 9 * SECOND,
  fargatePullMedian: 22 * SECOND,
  pullSigma: 0.6,
  pullMin: 2 * SECOND,
  pullMax: 3 * MINUTE,
  jobRunningAfterTaskMin: 0.5 * SECOND,
  jobRunningAfterTaskMax: 3 * SECOND,
  runSigma: 0.7,
  runMin: 5 * SECOND,
  runMax: 6 * 60 * MINUTE,
  stopAfterExitMin: 0.5 * SECOND,
  stopAfterExitMax: 2.5 * SECOND,
  jobEndAfterStopMin: 0.3 * SECOND,
  jobEndAfterStopMax: 3 * SECOND,
  retryAfterMin: 1 * SECOND,
  retryAfterMax: 6 * SECOND,
  instanceChangeMin: 0.2 * SECOND,
  instanceChangeMax: 1.5 * SECOND,
} as const;

/** Blocked queues: when Batch reports the blocking job, and when the queue's time limit cancels it. */
export const BLOCKING = {
  detectAfterMin: 90 * SECOND,
  detectAfterMax: 4 * MINUTE,
  /** The queue's job state time limit action (CANCEL after `maxTimeSeconds` in RUNNABLE; 600 s is the minimum). */
  cancelAfter: 10 * MINUTE,
  /** No instance type of the queue's compute environments is large enough. */
  jobResourceRequirement:
    'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.',
  /** An instance type fits, but the compute environments' maxvCpus cannot hold the job. */
  computeEnvironmentMaxResource:
    'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE - CE(s) associated with the job queue cannot meet the CPU requirement of the job.',
} as const;

/** Simulated time without any event after which the simulation is considered stuck (a bug). */
export const STALL_AFTER = 12 * 60 * MINUTE;

/** Non-Batch ECS activity in the same account. */
export const NON_BATCH = {
  meanServiceChurnGap: 4 * MINUTE,
  meanScheduledTaskGap: 10 * MINUTE,
} as const;

/** Reasons and codes Batch and ECS report. */
export const REASONS = {
  essentialContainerExited: 'Essential container in task exited',
  outOfMemory: 'OutOfMemoryError: Container killed due to memory usage',
  dependencyFailed: 'Dependent Job failed',
} as const;
