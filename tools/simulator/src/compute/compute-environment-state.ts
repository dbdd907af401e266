import type { ComputeEnvironmentSpec } from '../batch-resources/batch-resources';
import type { InstanceTypeSpec } from '../batch-resources/instance-types';
import { INSTANCE_TYPES } from '../batch-resources/instance-types';
import { arn } from '../events/aws-arns';
import type { ContainerInstanceView } from '../events/container-instances';
import type { Attempt } from '../jobs/job-state';

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

/** The free capacity Batch sees on an instance: what ECS has left minus what Batch holds. */
export function freeOf(instance: SimInstance): Resources {
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
