/**
 * An EC2 instance type as an ECS container instance registers it: `registeredCpu` is 1024 units per
 * vCPU, `registeredMemory` is what the ECS agent offers to tasks (the instance's memory minus what
 * the OS and agent keep), in MiB.
 */
export interface InstanceTypeSpec {
  readonly name: string;
  readonly vcpus: number;
  readonly registeredCpu: number;
  readonly registeredMemory: number;
  readonly cpuArchitecture: 'x86_64' | 'arm64';
  /** The ECS-optimized AMI the compute environment launches for this architecture. */
  readonly amiId: string;
}

// Fictitious AMI ids, one per architecture, as a compute environment's launch template resolves
// the ECS-optimized Amazon Linux 2023 image per architecture.
const AMI_X86_64 = 'ami-0e2a7c5d1f3b46a80';
const AMI_ARM64 = 'ami-0b9d4f6e2a8c13570';

// Registered memory approximates what the ECS agent reports on AL2023 for each size.
const CATALOG: readonly InstanceTypeSpec[] = [
  { name: 'm5.large', vcpus: 2, registeredCpu: 2048, registeredMemory: 7672, cpuArchitecture: 'x86_64', amiId: AMI_X86_64 },
  { name: 'm5.xlarge', vcpus: 4, registeredCpu: 4096, registeredMemory: 15458, cpuArchitecture: 'x86_64', amiId: AMI_X86_64 },
  { name: 'c5.xlarge', vcpus: 4, registeredCpu: 4096, registeredMemory: 7470, cpuArchitecture: 'x86_64', amiId: AMI_X86_64 },
  { name: 'r5.2xlarge', vcpus: 8, registeredCpu: 8192, registeredMemory: 63307, cpuArchitecture: 'x86_64', amiId: AMI_X86_64 },
  { name: 'm6g.large', vcpus: 2, registeredCpu: 2048, registeredMemory: 7681, cpuArchitecture: 'arm64', amiId: AMI_ARM64 },
  { name: 'c6g.xlarge', vcpus: 4, registeredCpu: 4096, registeredMemory: 7479, cpuArchitecture: 'arm64', amiId: AMI_ARM64 },
];

/** The instance types the simulator knows, by name. */
export const INSTANCE_TYPES: ReadonlyMap<string, InstanceTypeSpec> = new Map(CATALOG.map((spec) => [spec.name, spec]));
