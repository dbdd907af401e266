import type { JobShape, JobStatus } from '@batchmon/event-schemas';
import type { JobDefinitionSpec, JobQueueSpec } from '../batch-resources/batch-resources';
import type { ComputeEnvironmentState, Resources, SimInstance } from '../compute/compute-environment-state';
import type { SimulatedTask } from '../events/ecs-tasks';
import type { FinishedAttempt } from '../events/job-state-changes';

/** A job queue and the jobs waiting in it. */
export interface QueueState {
  readonly spec: JobQueueSpec;
  readonly environments: readonly ComputeEnvironmentState[];
  /** RUNNABLE jobs not yet placed, in the order they became RUNNABLE (a Set keeps insertion order). */
  readonly runnable: Set<SimJob>;
}

/** One attempt of a job: its task (ECS) or pod (EKS) and how it will end. */
export interface Attempt {
  readonly job: SimJob;
  /** 1-based, as `AWS_BATCH_JOB_ATTEMPT`. */
  readonly number: number;
  readonly ce: ComputeEnvironmentState;
  readonly launchType: 'EC2' | 'FARGATE' | 'EKS';
  readonly instance?: SimInstance;
  readonly task?: SimulatedTask;
  readonly podName?: string;
  readonly nodeName?: string;
  readonly availabilityZone?: string;
  readonly logStreamName?: string;
  /** Exit code the container will end with, and the container reason when it is not a plain exit. */
  readonly exitCode: number;
  readonly containerReason?: string;
  /** ECS task version, bumped on each task event. */
  taskVersion: number;
  /** Which of the attempt's events went out (so an interruption emits only what follows them). */
  taskPendingSent: boolean;
  taskRunning: boolean;
  jobStartingSent: boolean;
  jobRunningSent: boolean;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  taskStartedAt?: number;
  startedAt?: number;
  /** Set once the attempt's task or pod is gone (exited or its host reclaimed): its pending actions do nothing. */
  ended: boolean;
}

/** The children of an array job, as the parent follows them. */
export interface ArrayGroup {
  readonly parent: SimJob;
  readonly children: SimJob[];
  /** Children per status, for the parent's `statusSummary`. */
  readonly summary: Record<JobStatus, number>;
  unfinished: number;
  failed: boolean;
  firstChildStartedAt?: number;
}

/** The nodes of a multi-node parallel job. */
export interface MultiNodeGroup {
  readonly parent: SimJob;
  readonly numNodes: number;
  readonly nodes: SimJob[];
  /** Instances chosen for each node (index = node), held until the node is placed. */
  readonly instances: SimInstance[];
  childrenUnfinished: number;
  /** When the main node's work is done; it exits once every child node has. */
  mainExitDue?: number;
  mainWaiting: boolean;
}

/** A Batch job id: a submitted job, an array child, a multi-node node or parent. */
export interface SimJob {
  readonly id: string;
  /** The submitted job's id (children and nodes derive theirs from it). */
  readonly baseId: string;
  readonly name: string;
  readonly shape: JobShape;
  readonly queue: QueueState;
  readonly definition: JobDefinitionSpec;
  readonly revision: number;
  readonly createdAt: number;
  /** vCPUs and MiB of one task (one node for multi-node jobs). */
  readonly vcpus: number;
  readonly memory: number;
  readonly need: Resources;
  readonly maxAttempts: number;
  /**
   * Why no compute environment of its queue can ever run it (it then blocks the queue until the
   * queue's time limit cancels it); undefined for a job that can run. Decided when it becomes RUNNABLE.
   */
  blockedReason?: string;
  readonly dependsOn: readonly string[];
  readonly arrayIndex?: number;
  /** The array this job is the parent or a child of (set once, at submission). */
  array?: ArrayGroup;
  readonly nodeIndex?: number;
  /** The multi-node job this job is the parent or a node of (set once, at submission). */
  multiNode?: MultiNodeGroup;
  /** Last status emitted (undefined while SUBMITTED: Batch sends no event for it). */
  status?: JobStatus;
  /** Statuses already counted in the ground truth, and when each was first entered (event time). */
  readonly firstAt: Partial<Record<JobStatus, number>>;
  attempt?: Attempt;
  /** The last attempt, kept after it ends (a retried job's detail still shows it). */
  lastAttempt?: Attempt;
  readonly finishedAttempts: FinishedAttempt[];
  attemptsStarted: number;
  /** Jobs waiting in PENDING for this one. */
  readonly dependents: SimJob[];
  startedAt?: number;
  stoppedAt?: number;
  terminal: boolean;
}
