import type { JobShape, JobStatus } from '@batchmon/event-schemas';
import type { ComputeEnvironmentSpec, JobDefinitionSpec, JobQueueSpec } from './batch-resources/batch-resources';
import { INSTANCE_TYPES, type InstanceTypeSpec } from './batch-resources/instance-types';
import { arn } from './events/aws-arns';
import type { ContainerInstanceView } from './events/container-instances';
import type { SimulatedTask } from './events/ecs-tasks';
import type { FinishedAttempt } from './events/job-state-changes';

// The state model of the simulation, at the bottom of the simulator: compute environments and their
// instances, queues, jobs and their attempts. They refer to one another (an instance holds the
// attempts whose task is on it; an attempt knows its instance and compute environment; a queue its
// compute environments), so they live in one module, which imports no behaviour.

/** A requirement in ECS units: CPU units (1024 per vCPU), MiB and GPUs (none when absent). */
export interface Resources {
  readonly cpu: number;
  readonly memory: number;
  readonly gpu?: number;
}

/** An EC2 instance of a compute environment, from launch to deregistration. */
export interface SimInstance {
  readonly ce: ComputeEnvironmentState;
  readonly type: InstanceTypeSpec;
  readonly availabilityZone: string;
  readonly ec2InstanceId: string;
  readonly containerInstanceArn: string;
  readonly privateIp: string;
  status: 'BOOTING' | 'ACTIVE' | 'INACTIVE';
  agentConnected: boolean;
  /** What ECS says is left: registered minus the tasks placed. */
  remainingCpu: number;
  remainingMemory: number;
  /** Capacity Batch holds back for multi-node nodes it will place shortly (ECS does not know). */
  heldCpu: number;
  heldMemory: number;
  /** Attempts whose task is on the instance. */
  readonly attempts: Set<Attempt>;
  /** Multi-node nodes holding capacity here. */
  holds: number;
  pendingTasks: number;
  version: number;
  registeredAt: number;
  /** Bumped whenever the instance gets work, so a stale idle timer does nothing. */
  idleToken: number;
  /** A state change report is already scheduled (it will carry every change made until then). */
  reportPending: boolean;
  /**
   * Memory a task Batch did not start holds on the instance (a daemon service's task): ECS counts it
   * in `remainingMemory`, Batch's view of the instance does not. @default 0
   */
  unseenMemory?: number;
  /** When EC2 sent its Spot Instance Interruption Warning (it terminates two minutes later). */
  interruptionWarnedAt?: number;
  /** Ids of the GPUs the ECS agent registers (GPU instance types only). */
  gpuIds?: readonly string[];
}

/** GPUs ECS has not pinned to a task on the instance: registered minus those of its tasks. */
export function remainingGpusOf(instance: SimInstance): number {
  let used = 0;
  for (const attempt of instance.attempts) used += attempt.job.need.gpu ?? 0;
  return (instance.type.gpus ?? 0) - used;
}

/** The free capacity Batch sees on an instance: what ECS has left, minus what Batch holds, plus what Batch does not know is taken. */
export function freeOf(instance: SimInstance): Resources {
  return { cpu: instance.remainingCpu - instance.heldCpu, memory: instance.remainingMemory - instance.heldMemory + (instance.unseenMemory ?? 0), gpu: remainingGpusOf(instance) };
}

/** The free capacity ECS sees on an instance when a task is placed there (minus what Batch holds for its nodes). */
export function ecsFreeOf(instance: SimInstance): Resources {
  return { cpu: instance.remainingCpu - instance.heldCpu, memory: instance.remainingMemory - instance.heldMemory, gpu: remainingGpusOf(instance) };
}

/** A compute environment and the capacity it has right now. */
export class ComputeEnvironmentState {
  /** The ECS cluster Batch created for it (EC2, Spot and Fargate). */
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly arn: string;
  /** Launching and registered instances (EC2/Spot). */
  readonly instances = new Set<SimInstance>();
  /** vCPUs in use by tasks or pods (Fargate/EKS). */
  usedVcpus = 0;
  autoScalingGroupName: string | undefined;
  readonly instanceTypes: readonly InstanceTypeSpec[];

  constructor(
    readonly spec: ComputeEnvironmentSpec,
    clusterUuid: string,
  ) {
    this.clusterName =
      spec.clusterNameFormat === 'legacy' ? `${spec.name}_Batch_${clusterUuid}` : `AWSBatch-${spec.name}-${clusterUuid}`;
    this.clusterArn = arn('ecs', `cluster/${this.clusterName}`);
    this.arn = arn('batch', `compute-environment/${spec.name}`);
    this.instanceTypes = spec.instanceTypes.flatMap((name) => {
      const type = INSTANCE_TYPES.get(name);
      return type === undefined ? [] : [type];
    });
  }

  /** The compute environment's name (the dimension value). */
  get name(): string {
    return this.spec.name;
  }

  /** Whether it runs ECS tasks on its own EC2 instances. */
  get onInstances(): boolean {
    return this.spec.kind === 'EC2' || this.spec.kind === 'SPOT';
  }

  /** vCPUs of launching and registered instances: what counts against `maxvCpus`. */
  get instanceVcpus(): number {
    let sum = 0;
    for (const instance of this.instances) sum += instance.type.vcpus;
    return sum;
  }

  /** Instance types that can hold `need` at all. */
  typesFitting(need: Resources): InstanceTypeSpec[] {
    return this.instanceTypes.filter((type) => type.registeredCpu >= need.cpu && type.registeredMemory >= need.memory && (type.gpus ?? 0) >= (need.gpu ?? 0));
  }
}

/** The instance as ECS reports it now. */
export function instanceView(instance: SimInstance): ContainerInstanceView {
  return {
    clusterArn: instance.ce.clusterArn,
    clusterName: instance.ce.clusterName,
    containerInstanceArn: instance.containerInstanceArn,
    ec2InstanceId: instance.ec2InstanceId,
    availabilityZone: instance.availabilityZone,
    instanceType: instance.type.name,
    cpuArchitecture: instance.type.cpuArchitecture,
    amiId: instance.type.amiId,
    privateIp: instance.privateIp,
    registeredCpu: instance.type.registeredCpu,
    registeredMemory: instance.type.registeredMemory,
    remainingCpu: instance.remainingCpu,
    remainingMemory: instance.remainingMemory,
    ...(instance.gpuIds === undefined ? {} : { gpuIds: instance.gpuIds, remainingGpus: remainingGpusOf(instance) }),
    status: instance.status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE',
    agentConnected: instance.agentConnected,
    runningTasksCount: instance.attempts.size - instance.pendingTasks,
    pendingTasksCount: instance.pendingTasks,
    version: instance.version,
    registeredAt: instance.registeredAt,
  };
}

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

/** How an attempt ended, as Batch reports it. */
export interface AttemptOutcome {
  readonly exitCode?: number;
  readonly containerReason?: string;
  readonly statusReason: string;
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
