/**
 * The sizes of the EC2 instance families AWS Batch compute environments commonly allow, for the
 * question "can any instance this compute environment may launch hold this job?". Values from the
 * Amazon EC2 instance types pages ("Amazon EC2 instance type specifications",
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/): per family, the largest size's vCPUs,
 * memory (GiB) and GPUs, and the memory per vCPU of its sizes. A family missing here is unknown:
 * a job is never called too big for it.
 */
export const INSTANCE_FAMILIES = {
  c4: { maxVcpus: 36, maxMemoryGiB: 60, maxGpus: 0, memoryPerVcpuGiB: 1.875 },
  c5: { maxVcpus: 96, maxMemoryGiB: 192, maxGpus: 0, memoryPerVcpuGiB: 2 },
  c5a: { maxVcpus: 96, maxMemoryGiB: 192, maxGpus: 0, memoryPerVcpuGiB: 2 },
  c5d: { maxVcpus: 96, maxMemoryGiB: 192, maxGpus: 0, memoryPerVcpuGiB: 2 },
  c6a: { maxVcpus: 192, maxMemoryGiB: 384, maxGpus: 0, memoryPerVcpuGiB: 2 },
  c6i: { maxVcpus: 128, maxMemoryGiB: 256, maxGpus: 0, memoryPerVcpuGiB: 2 },
  c6g: { maxVcpus: 64, maxMemoryGiB: 128, maxGpus: 0, memoryPerVcpuGiB: 2 },
  c7g: { maxVcpus: 64, maxMemoryGiB: 128, maxGpus: 0, memoryPerVcpuGiB: 2 },
  c7i: { maxVcpus: 192, maxMemoryGiB: 384, maxGpus: 0, memoryPerVcpuGiB: 2 },
  m4: { maxVcpus: 64, maxMemoryGiB: 256, maxGpus: 0, memoryPerVcpuGiB: 4 },
  m5: { maxVcpus: 96, maxMemoryGiB: 384, maxGpus: 0, memoryPerVcpuGiB: 4 },
  m5a: { maxVcpus: 96, maxMemoryGiB: 384, maxGpus: 0, memoryPerVcpuGiB: 4 },
  m5d: { maxVcpus: 96, maxMemoryGiB: 384, maxGpus: 0, memoryPerVcpuGiB: 4 },
  m6a: { maxVcpus: 192, maxMemoryGiB: 768, maxGpus: 0, memoryPerVcpuGiB: 4 },
  m6i: { maxVcpus: 128, maxMemoryGiB: 512, maxGpus: 0, memoryPerVcpuGiB: 4 },
  m6g: { maxVcpus: 64, maxMemoryGiB: 256, maxGpus: 0, memoryPerVcpuGiB: 4 },
  m7g: { maxVcpus: 64, maxMemoryGiB: 256, maxGpus: 0, memoryPerVcpuGiB: 4 },
  m7i: { maxVcpus: 192, maxMemoryGiB: 768, maxGpus: 0, memoryPerVcpuGiB: 4 },
  r4: { maxVcpus: 64, maxMemoryGiB: 488, maxGpus: 0, memoryPerVcpuGiB: 7.625 },
  r5: { maxVcpus: 96, maxMemoryGiB: 768, maxGpus: 0, memoryPerVcpuGiB: 8 },
  r5a: { maxVcpus: 96, maxMemoryGiB: 768, maxGpus: 0, memoryPerVcpuGiB: 8 },
  r5d: { maxVcpus: 96, maxMemoryGiB: 768, maxGpus: 0, memoryPerVcpuGiB: 8 },
  r6a: { maxVcpus: 192, maxMemoryGiB: 1536, maxGpus: 0, memoryPerVcpuGiB: 8 },
  r6i: { maxVcpus: 128, maxMemoryGiB: 1024, maxGpus: 0, memoryPerVcpuGiB: 8 },
  r6g: { maxVcpus: 64, maxMemoryGiB: 512, maxGpus: 0, memoryPerVcpuGiB: 8 },
  r7g: { maxVcpus: 64, maxMemoryGiB: 512, maxGpus: 0, memoryPerVcpuGiB: 8 },
  r7i: { maxVcpus: 192, maxMemoryGiB: 1536, maxGpus: 0, memoryPerVcpuGiB: 8 },
  x1: { maxVcpus: 128, maxMemoryGiB: 1952, maxGpus: 0, memoryPerVcpuGiB: 15.25 },
  x2idn: { maxVcpus: 128, maxMemoryGiB: 2048, maxGpus: 0, memoryPerVcpuGiB: 16 },
  g4dn: { maxVcpus: 96, maxMemoryGiB: 384, maxGpus: 8, memoryPerVcpuGiB: 4 },
  g5: { maxVcpus: 192, maxMemoryGiB: 768, maxGpus: 8, memoryPerVcpuGiB: 4 },
  g6: { maxVcpus: 192, maxMemoryGiB: 768, maxGpus: 8, memoryPerVcpuGiB: 4 },
  p3: { maxVcpus: 64, maxMemoryGiB: 488, maxGpus: 8, memoryPerVcpuGiB: 7.625 },
  p4d: { maxVcpus: 96, maxMemoryGiB: 1152, maxGpus: 8, memoryPerVcpuGiB: 12 },
  p5: { maxVcpus: 192, maxMemoryGiB: 2048, maxGpus: 8, memoryPerVcpuGiB: 10.67 },
} as const;

/** A family of {@link INSTANCE_FAMILIES}. */
export type InstanceFamily = keyof typeof INSTANCE_FAMILIES;

/**
 * The GPUs of the sizes of GPU families that have fewer than their family's largest: a size not
 * listed has its family's `maxGpus` when it is the largest (or `metal`), else one.
 */
export const INSTANCE_TYPE_GPUS: Readonly<Record<string, number>> = {
  'g4dn.12xlarge': 4,
  'g5.12xlarge': 4,
  'g5.24xlarge': 4,
  'g6.12xlarge': 4,
  'g6.24xlarge': 4,
  'p3.8xlarge': 4,
};

/**
 * What the keywords of a compute environment's `instanceTypes` stand for ("Compute environment
 * parameters", AWS Batch User Guide: `optimal` picks from the C4, M4 and R4 families, or newer C, M
 * and R families where those are not offered; `default_x86_64` and `default_arm64` from the current
 * generations of each architecture). Read generously: a job is called too big only when it fits none.
 */
export const INSTANCE_TYPE_KEYWORDS: Readonly<Record<string, readonly InstanceFamily[]>> = {
  optimal: ['c4', 'm4', 'r4', 'c5', 'm5', 'r5', 'c6i', 'm6i', 'r6i'],
  default_x86_64: ['c6i', 'm6i', 'r6i', 'c7i', 'm7i', 'r7i'],
  default_arm64: ['c6g', 'm6g', 'r6g', 'c7g', 'm7g', 'r7g'],
};

/** The largest vCPUs, memory (MiB) and GPUs of one instance type, family or keyword. */
export interface InstanceLimits {
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly gpus: number;
}

const SIZE = /^(?<count>\d*)xlarge$/;

/** vCPUs of a size name: `medium` 1, `large` 2, `xlarge` 4, `<n>xlarge` 4n; undefined otherwise. */
function sizeVcpus(size: string): number | undefined {
  if (size === 'medium') return 1;
  if (size === 'large') return 2;
  const count = SIZE.exec(size)?.groups?.['count'];
  if (count === undefined) return undefined;
  return 4 * (count === '' ? 1 : Number(count));
}

/**
 * The largest job an instance type, an instance family or a keyword of a compute environment's
 * `instanceTypes` can hold; undefined when it is not known (then nothing is too big for it).
 *
 * @example
 * instanceLimits('c5'); // { vcpus: 96, memoryMiB: 196608, gpus: 0 }
 * instanceLimits('m5.xlarge'); // { vcpus: 4, memoryMiB: 16384, gpus: 0 }
 * instanceLimits('optimal'); // the largest of c4, m4, r4, c5, m5, r5, c6i, m6i, r6i
 */
export function instanceLimits(name: string): InstanceLimits | undefined {
  const keyword = INSTANCE_TYPE_KEYWORDS[name];
  if (keyword !== undefined) {
    const each = keyword.map((family) => instanceLimits(family)).filter((limits): limits is InstanceLimits => limits !== undefined);
    return { vcpus: Math.max(...each.map((l) => l.vcpus)), memoryMiB: Math.max(...each.map((l) => l.memoryMiB)), gpus: Math.max(...each.map((l) => l.gpus)) };
  }
  const [familyName, size] = name.split('.');
  if (familyName === undefined || !(familyName in INSTANCE_FAMILIES)) return undefined;
  const family = INSTANCE_FAMILIES[familyName as InstanceFamily];
  const largest = { vcpus: family.maxVcpus, memoryMiB: family.maxMemoryGiB * 1024, gpus: family.maxGpus };
  if (size === undefined || size === 'metal') return largest;
  const vcpus = sizeVcpus(size);
  if (vcpus === undefined) return undefined;
  const gpus = INSTANCE_TYPE_GPUS[name] ?? (family.maxGpus === 0 ? 0 : vcpus >= family.maxVcpus ? family.maxGpus : 1);
  return { vcpus: Math.min(vcpus, family.maxVcpus), memoryMiB: Math.round(Math.min(vcpus * family.memoryPerVcpuGiB, family.maxMemoryGiB) * 1024), gpus };
}
