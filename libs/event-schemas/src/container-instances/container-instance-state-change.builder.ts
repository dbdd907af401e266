import { DetailType, EventSource } from '../eventbridge/event-families';
import { clusterName } from '../batch-names/batch-names';
import {
  SAMPLE,
  sampleBatchClusterArn,
  sampleBatchClusterName,
  sampleContainerInstanceArn,
} from '../sample-resources/sample-resources';
import { sampleContainerInstanceFields } from './container-instance';
import type { ContainerInstanceStateChange } from './container-instance-state-change';

/** Options of {@link buildContainerInstanceStateChange}; every one has a realistic default. */
export interface ContainerInstanceStateChangeBuildOptions {
  /** Compute environment whose Batch cluster the instance belongs to. @default the sample CE */
  readonly computeEnvironment?: string;
  /** Cluster ARN, to build events of non-Batch clusters. @default the CE's Batch cluster */
  readonly clusterArn?: string;
  /** @default a sample instance of the cluster */
  readonly containerInstanceArn?: string;
  /** @default the sample EC2 instance */
  readonly ec2InstanceId?: string;
  /** `ACTIVE`, `DRAINING`, `DEREGISTERING`, `INACTIVE`, ... @default 'ACTIVE' */
  readonly status?: string;
  /** @default true */
  readonly agentConnected?: boolean;
  /** @default the sample AZ */
  readonly availabilityZone?: string;
  /** @default 'm5.xlarge' */
  readonly instanceType?: string;
  /** @default 'x86_64' */
  readonly cpuArchitecture?: string;
  /** @default the sample AMI */
  readonly amiId?: string;
  /** CPU units registered. @default 4096 */
  readonly registeredCpu?: number;
  /** MiB registered. @default 15727 */
  readonly registeredMemory?: number;
  /** CPU units left. @default 2048 */
  readonly remainingCpu?: number;
  /** MiB left. @default 13679 */
  readonly remainingMemory?: number;
  /** Event time (ISO). @default the sample time */
  readonly time?: string;
  /** Fields merged last into `detail`. */
  readonly detail?: Partial<ContainerInstanceStateChange['detail']>;
}

/**
 * A realistic `ECS Container Instance State Change` event of an instance in a Batch cluster, with
 * the attributes and resources the ECS agent reports.
 *
 * @example
 * ```ts
 * buildContainerInstanceStateChange({ remainingMemory: 512 });
 * buildContainerInstanceStateChange({ status: 'INACTIVE', agentConnected: false });
 * ```
 */
export function buildContainerInstanceStateChange(
  options: ContainerInstanceStateChangeBuildOptions = {},
): ContainerInstanceStateChange {
  const clusterArn = options.clusterArn ?? sampleBatchClusterArn(options.computeEnvironment);
  const cluster = options.clusterArn === undefined ? sampleBatchClusterName(options.computeEnvironment) : clusterName(clusterArn);
  const containerInstanceArn = options.containerInstanceArn ?? sampleContainerInstanceArn(cluster);
  const time = options.time ?? SAMPLE.time;
  return {
    version: '0',
    id: '8952ba83-7be2-4ab5-9c32-6687532d15a2',
    'detail-type': DetailType.EcsContainerInstanceStateChange,
    source: EventSource.Ecs,
    account: SAMPLE.account,
    time,
    region: SAMPLE.region,
    resources: [containerInstanceArn],
    detail: {
      ...sampleContainerInstanceFields({
        containerInstanceArn,
        ec2InstanceId: options.ec2InstanceId ?? SAMPLE.ec2InstanceId,
        availabilityZone: options.availabilityZone ?? SAMPLE.availabilityZone,
        instanceType: options.instanceType ?? SAMPLE.instanceType,
        cpuArchitecture: options.cpuArchitecture ?? SAMPLE.cpuArchitecture,
        amiId: options.amiId ?? SAMPLE.amiId,
        registeredCpu: options.registeredCpu ?? 4096,
        registeredMemory: options.registeredMemory ?? 15727,
        remainingCpu: options.remainingCpu ?? 2048,
        remainingMemory: options.remainingMemory ?? 13679,
      }),
      agentConnected: options.agentConnected ?? true,
      clusterArn,
      status: options.status ?? 'ACTIVE',
      runningTasksCount: 1,
      pendingTasksCount: 0,
      version: 7,
      updatedAt: time,
      ...options.detail,
    },
  };
}
