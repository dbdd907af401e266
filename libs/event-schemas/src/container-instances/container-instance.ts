import { z } from 'zod';

/**
 * Attribute names the ECS agent registers on every container instance (ECS developer guide,
 * "Attributes"): where the instance is and what it is.
 */
export const ContainerInstanceAttribute = {
  AvailabilityZone: 'ecs.availability-zone',
  InstanceType: 'ecs.instance-type',
  CpuArchitecture: 'ecs.cpu-architecture',
  AmiId: 'ecs.ami-id',
  OsType: 'ecs.os-type',
} as const;

/**
 * A container instance attribute (ECS `Attribute`); capability attributes have no value. Even `name`
 * is optional: an attribute without one is simply never looked up.
 */
export const attributeSchema = z.looseObject({
  name: z.string().optional(),
  value: z.string().optional(),
  targetType: z.string().optional(),
  targetId: z.string().optional(),
});

/** A registered or remaining resource (ECS `Resource`): CPU and MEMORY carry `integerValue`, PORTS a string set. */
export const resourceSchema = z.looseObject({
  name: z.string().optional(),
  type: z.string().optional(),
  integerValue: z.number().optional(),
  longValue: z.number().optional(),
  doubleValue: z.number().optional(),
  stringSetValue: z.array(z.string()).optional(),
});

/**
 * The fields of an ECS `ContainerInstance` batchmon reads, all optional; each family requires what
 * it needs. `registeredAt` is left untyped because CloudTrail and EventBridge render timestamps
 * differently.
 */
export const containerInstanceShape = {
  containerInstanceArn: z.string().optional(),
  ec2InstanceId: z.string().optional(),
  capacityProviderName: z.string().optional(),
  version: z.number().optional(),
  versionInfo: z
    .looseObject({
      agentVersion: z.string().optional(),
      agentHash: z.string().optional(),
      dockerVersion: z.string().optional(),
    })
    .optional(),
  status: z.string().optional(),
  statusReason: z.string().optional(),
  agentConnected: z.boolean().optional(),
  runningTasksCount: z.number().int().optional(),
  pendingTasksCount: z.number().int().optional(),
  agentUpdateStatus: z.string().optional(),
  attributes: z.array(attributeSchema).optional(),
  registeredResources: z.array(resourceSchema).optional(),
  remainingResources: z.array(resourceSchema).optional(),
  registeredAt: z.unknown().optional(),
  updatedAt: z.unknown().optional(),
  tags: z.array(z.looseObject({ key: z.string().optional(), value: z.string().optional() })).optional(),
};

/** The shape {@link containerInstanceFacts} reads (any ContainerInstance-like object). */
export interface ContainerInstanceLike {
  readonly ec2InstanceId?: string;
  readonly attributes?: readonly { readonly name?: string; readonly value?: string }[];
  readonly registeredResources?: readonly { readonly name?: string; readonly integerValue?: number }[];
  readonly remainingResources?: readonly { readonly name?: string; readonly integerValue?: number }[];
}

/** What batchmon records about a container instance. Each field is undefined when not reported. */
export interface ContainerInstanceFacts {
  readonly ec2InstanceId?: string;
  readonly availabilityZone?: string;
  readonly instanceType?: string;
  readonly cpuArchitecture?: string;
  readonly amiId?: string;
  /** CPU units (1024 per vCPU). */
  readonly registeredCpu?: number;
  /** MiB. */
  readonly registeredMemory?: number;
  readonly remainingCpu?: number;
  readonly remainingMemory?: number;
}

function attribute(instance: ContainerInstanceLike, name: string): string | undefined {
  return instance.attributes?.find((candidate) => candidate.name === name)?.value;
}

function integer(
  resources: readonly { readonly name?: string; readonly integerValue?: number }[] | undefined,
  name: string,
): number | undefined {
  return resources?.find((candidate) => candidate.name === name)?.integerValue;
}

/**
 * Flattens a container instance's attributes and resources into the facts batchmon stores.
 *
 * @example
 * ```ts
 * containerInstanceFacts(event.detail).instanceType; // 'm5.xlarge'
 * ```
 */
export function containerInstanceFacts(instance: ContainerInstanceLike): ContainerInstanceFacts {
  return {
    ec2InstanceId: instance.ec2InstanceId,
    availabilityZone: attribute(instance, ContainerInstanceAttribute.AvailabilityZone),
    instanceType: attribute(instance, ContainerInstanceAttribute.InstanceType),
    cpuArchitecture: attribute(instance, ContainerInstanceAttribute.CpuArchitecture),
    amiId: attribute(instance, ContainerInstanceAttribute.AmiId),
    registeredCpu: integer(instance.registeredResources, 'CPU'),
    registeredMemory: integer(instance.registeredResources, 'MEMORY'),
    remainingCpu: integer(instance.remainingResources, 'CPU'),
    remainingMemory: integer(instance.remainingResources, 'MEMORY'),
  };
}

/** Inputs of {@link sampleContainerInstanceFields}. */
export interface SampleContainerInstanceInputs {
  readonly containerInstanceArn: string;
  readonly ec2InstanceId: string;
  readonly availabilityZone: string;
  readonly instanceType: string;
  readonly cpuArchitecture: string;
  readonly amiId: string;
  readonly registeredCpu: number;
  readonly registeredMemory: number;
  readonly remainingCpu: number;
  readonly remainingMemory: number;
}

/**
 * The ContainerInstance fields an ECS agent reports for an EC2 instance, for builders: attributes
 * (AZ, type, architecture, AMI plus a few capabilities) and CPU/MEMORY/PORTS resources.
 */
export function sampleContainerInstanceFields(inputs: SampleContainerInstanceInputs) {
  const resources = (cpu: number, memory: number) => [
    { name: 'CPU', type: 'INTEGER', integerValue: cpu, longValue: 0, doubleValue: 0 },
    { name: 'MEMORY', type: 'INTEGER', integerValue: memory, longValue: 0, doubleValue: 0 },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375', '2376', '51678', '51679'] },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
  ];
  return {
    containerInstanceArn: inputs.containerInstanceArn,
    ec2InstanceId: inputs.ec2InstanceId,
    versionInfo: { agentVersion: '1.82.0', agentHash: 'a1b2c3d4', dockerVersion: 'DockerVersion: 20.10.25' },
    attributes: [
      { name: 'ecs.capability.execution-role-awslogs' },
      { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.44' },
      { name: 'ecs.capability.task-eni' },
      { name: ContainerInstanceAttribute.AvailabilityZone, value: inputs.availabilityZone },
      { name: ContainerInstanceAttribute.InstanceType, value: inputs.instanceType },
      { name: ContainerInstanceAttribute.CpuArchitecture, value: inputs.cpuArchitecture },
      { name: ContainerInstanceAttribute.AmiId, value: inputs.amiId },
      { name: ContainerInstanceAttribute.OsType, value: 'linux' },
    ],
    registeredResources: resources(inputs.registeredCpu, inputs.registeredMemory),
    remainingResources: resources(inputs.remainingCpu, inputs.remainingMemory),
  };
}
