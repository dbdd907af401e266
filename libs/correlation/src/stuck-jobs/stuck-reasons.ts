/**
 * Why a job waits, in the order the diagnosis tries them: the first that holds is the job's
 * reason (the `Reason` of `StuckJobs` and the `reason` of each stuck job's record). A RUNNABLE job
 * past its threshold:
 * 1. `queue-blocked`: a Job Queue Blocked event named it (evidence: its status reason);
 * 2. `too-big`: it asks more vCPUs, memory or GPUs than any instance type its queue's compute
 *    environments allow;
 * 3. `at-max-vcpus`: every compute environment of its queue that could hold it is at its maximum
 *    vCPUs (its registered vCPUs and the job's would pass the maximum);
 * 4. `launch-failures`: Auto Scaling failed to launch instances for one of them in the failure
 *    window before its threshold passed (evidence: the failure's class, `insufficient-capacity`,
 *    `vcpu-limit` or `other`);
 * 5. `instances-not-registering`: instances launched for one of them that had not registered with
 *    its cluster a grace period later;
 * 6. `placement-failures`: RunTask placement failures in one of them in the failure window
 *    (evidence: the reasons, e.g. `RESOURCE:MEMORY`);
 * 7. `waiting-its-turn`: its compute environments are busy with other jobs;
 * 8. `unknown`.
 *
 * A STARTING job past its threshold: `image-pull` (ECS task events show an image pull that failed
 * or did not finish), `agent` (no pull ever started on the instance it was placed on), `unknown`.
 */
export const RUNNABLE_STUCK_REASONS = [
  'queue-blocked',
  'too-big',
  'at-max-vcpus',
  'launch-failures',
  'instances-not-registering',
  'placement-failures',
  'waiting-its-turn',
  'unknown',
] as const;

/** The reasons of a job stuck in STARTING, in the order they are tried. */
export const STARTING_STUCK_REASONS = ['image-pull', 'agent', 'unknown'] as const;

/** Every reason a stuck job may be given (the `Reason` dimension's values). */
export const STUCK_REASONS = [...new Set([...RUNNABLE_STUCK_REASONS, ...STARTING_STUCK_REASONS])] as readonly StuckReason[];

/** A reason a stuck job is given. */
export type StuckReason = (typeof RUNNABLE_STUCK_REASONS)[number] | (typeof STARTING_STUCK_REASONS)[number];

/** The states in which a job is diagnosed once it has been in them longer than its threshold. */
export const STUCK_STATES = ['RUNNABLE', 'STARTING'] as const;

/** How long a job may stay in a state before it is diagnosed, and what counts as recent. */
export interface StuckJobOptions {
  /** Minutes a job may be RUNNABLE before it is diagnosed. @default 10 */
  readonly runnableMinutes?: number;
  /** Per job queue (by name), minutes a job may be RUNNABLE there, overriding `runnableMinutes`. @default none */
  readonly runnableMinutesByQueue?: Readonly<Record<string, number>>;
  /** Minutes a job may be STARTING before it is diagnosed. @default 10 */
  readonly startingMinutes?: number;
  /** Minutes a launched instance has to register with its cluster before it counts as not registering. @default 5 */
  readonly registrationGraceMinutes?: number;
  /**
   * Minutes before a job's threshold passed in which launch and placement failures count as the
   * reason it waits (and never before it entered its state). @default 5
   */
  readonly failureWindowMinutes?: number;
}

/** The defaults of {@link StuckJobOptions}. */
export const DEFAULT_STUCK_JOB_OPTIONS = {
  runnableMinutes: 10,
  runnableMinutesByQueue: {},
  startingMinutes: 10,
  registrationGraceMinutes: 5,
  failureWindowMinutes: 5,
} as const satisfies Required<StuckJobOptions>;
