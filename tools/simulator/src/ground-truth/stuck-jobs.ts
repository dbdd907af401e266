import type { LaunchFailureClass } from '@batchmon/event-schemas';
import type { StuckSituation } from '../situations/stuck-situations';

// The stuck-job vocabulary shared with batchmon's diagnosis (metric dimension `Reason` of
// `StuckJobs`, field `reason` of the per-job record): the simulator's truth names each stuck job's
// reason with these codes, in this order of precedence.

/**
 * Why a job waits in RUNNABLE longer than its threshold, in order of precedence: the first that
 * holds is the reason.
 *
 * 1. `queue-blocked`: a Job Queue Blocked event named the job (during this RUNNABLE stay);
 * 2. `too-big`: no instance type of its queue's compute environments can hold its vCPUs and memory;
 * 3. `at-max-vcpus`: every compute environment of its queue that could hold it is at its maximum:
 *    the vCPUs it uses (launched instances on EC2/Spot, running tasks or pods on Fargate/EKS) plus the
 *    job's exceed `maxvCpus`;
 * 4. `launch-failures`: `EC2 Instance Launch Unsuccessful` in the Auto Scaling group of one of those
 *    compute environments recently: during its stay and at most `failureWindowSeconds` before `stuckAt`;
 * 5. `instances-not-registering`: an instance of one of them launched (`EC2 Instance Launch
 *    Successful`) more than the registration delay ago and has not registered with the cluster;
 * 6. `placement-failures`: RunTask calls of its queue on one of them failed recently (same window);
 * 7. `waiting-its-turn`: those compute environments are busy running other jobs;
 * 8. `unknown`.
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

/** One of {@link RUNNABLE_STUCK_REASONS}. */
export type RunnableStuckReason = (typeof RUNNABLE_STUCK_REASONS)[number];

/**
 * Why a job stays in STARTING longer than its threshold: `image-pull` (its task's image pull started
 * and did not finish; it ends in `CannotPullContainerError`), `agent` (its container instance's agent
 * is disconnected, the task never starts pulling), `unknown`.
 */
export const STARTING_STUCK_REASONS = ['image-pull', 'agent', 'unknown'] as const;

/** One of {@link STARTING_STUCK_REASONS}. */
export type StartingStuckReason = (typeof STARTING_STUCK_REASONS)[number];

/** Any stuck-job reason. */
export type StuckReason = RunnableStuckReason | StartingStuckReason;

/** What the simulation saw that makes the reason hold (the evidence a diagnosis can find in the events). */
export interface StuckJobEvidence {
  /** `queue-blocked`: the Job Queue Blocked event's `statusReason`. */
  readonly statusReason?: string;
  /** `launch-failures`: the class of the last `StatusMessage` before the job was stuck. */
  readonly failureClass?: LaunchFailureClass;
  /** `launch-failures`, `instances-not-registering`: the Auto Scaling group concerned. */
  readonly autoScalingGroup?: string;
  /** `instances-not-registering`: the EC2 instance that launched and did not register. */
  readonly ec2InstanceId?: string;
  /** `placement-failures`: the last RunTask failure reason (`RESOURCE:MEMORY`, `AGENT`, …). */
  readonly placementFailure?: string;
  /** The compute environment the reason is about (absent for `queue-blocked`, `too-big`, `unknown`). */
  readonly computeEnvironment?: string;
}

/**
 * A job that stayed in RUNNABLE or STARTING longer than its threshold (its next state change, if
 * any, has an event time after `stuckAt`), once per stay, with the reason the simulation put there.
 */
export interface StuckJob {
  readonly jobId: string;
  /** Job queue name. */
  readonly jobQueue: string;
  readonly state: 'RUNNABLE' | 'STARTING';
  readonly reason: StuckReason;
  /** When the job entered the state: its state change event's `time` (ISO, whole seconds). */
  readonly since: string;
  /** `since` plus the threshold (ISO): the reason is what held at that moment. */
  readonly stuckAt: string;
  /** Lower-precedence reasons that also held at `stuckAt` (a diagnosis may report them as secondary). */
  readonly alsoHeld: readonly StuckReason[];
  readonly evidence: StuckJobEvidence;
  /** The stuck situation the job was submitted for, when it was. */
  readonly situation?: StuckSituation;
}

/** The thresholds the truth applies, in seconds (see `WorkloadOptions.stuckThresholds`). */
export interface StuckThresholds {
  /** RUNNABLE longer than this is stuck. @default 600 */
  readonly runnableSeconds: number;
  /** Per job queue (name) overrides of `runnableSeconds`. @default {} */
  readonly runnableSecondsByQueue: Readonly<Record<string, number>>;
  /** STARTING longer than this is stuck. @default 600 */
  readonly startingSeconds: number;
  /** An instance launched this long ago and not registered counts as not registering. @default 300 */
  readonly registrationSeconds: number;
  /** Launch and placement failures count as recent this long before `stuckAt` (and not before the stay began). @default 300 */
  readonly failureWindowSeconds: number;
}
