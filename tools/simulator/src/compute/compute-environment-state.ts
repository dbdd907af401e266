import type { ComputeEnvironmentSpec } from '../batch-resources/batch-resources';
import type { InstanceTypeSpec } from '../batch-resources/instance-types';
import { INSTANCE_TYPES } from '../batch-resources/instance-types';
import { arn } from '../events/aws-arns';
import type { ContainerInstanceView } from '../events/container-instances';
import type { Attempt } from '../jobs/job-state';

/** A requirement in ECS units: CPU units (1024 per vCPU) and MiB. */
export interface Resources {
  readonly cpu: number;
  readonly memory: number;
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
}

/** The free capacity Batch sees on an instance: what ECS has left, minus what Batch holds, plus what Batch does not know is taken. */
export function freeOf(instance: SimInstance): Resources {
  return { cpu: instance.remainingCpu - instance.heldCpu, memory: instance.remainingMemory - instance.heldMemory + (instance.unseenMemory ?? 0) };
}

/** The free capacity ECS sees on an instance when a task is placed there (minus what Batch holds for its nodes). */
export function ecsFreeOf(instance: SimInstance): Resources {
  return { cpu: instance.remainingCpu - instance.heldCpu, memory: instance.remainingMemory - instance.heldMemory };
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
    return this.instanceTypes.filter((type) => type.registeredCpu >= need.cpu && type.registeredMemory >= need.memory);
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
    status: instance.status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE',
    agentConnected: instance.agentConnected,
    runningTasksCount: instance.attempts.size - instance.pendingTasks,
    pendingTasksCount: instance.pendingTasks,
    version: instance.version,
    registeredAt: instance.registeredAt,
  };
}
