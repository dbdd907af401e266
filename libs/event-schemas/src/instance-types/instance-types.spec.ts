import { INSTANCE_FAMILIES, INSTANCE_TYPE_KEYWORDS, instanceLimits } from './instance-types';

describe('instance limits', () => {
  it('give a family its largest size', () => {
    expect(instanceLimits('c5')).toEqual({ vcpus: INSTANCE_FAMILIES.c5.maxVcpus, memoryMiB: INSTANCE_FAMILIES.c5.maxMemoryGiB * 1024, gpus: 0 });
  });

  it('give a size its vCPUs and its family’s memory per vCPU', () => {
    expect(instanceLimits('m5.xlarge')).toEqual({ vcpus: 4, memoryMiB: 4 * INSTANCE_FAMILIES.m5.memoryPerVcpuGiB * 1024, gpus: 0 });
    expect(instanceLimits('r5.2xlarge')).toEqual({ vcpus: 8, memoryMiB: 8 * INSTANCE_FAMILIES.r5.memoryPerVcpuGiB * 1024, gpus: 0 });
  });

  it('give a GPU size its own GPUs, one below the family’s largest unless listed', () => {
    expect(instanceLimits('g4dn.xlarge')?.gpus).toBe(1);
    expect(instanceLimits('g4dn.12xlarge')?.gpus).toBe(4);
    expect(instanceLimits('p3.16xlarge')?.gpus).toBe(INSTANCE_FAMILIES.p3.maxGpus);
  });

  it('give a keyword the largest of its families', () => {
    const families = INSTANCE_TYPE_KEYWORDS['optimal'] ?? [];
    expect(instanceLimits('optimal')?.vcpus).toBe(Math.max(...families.map((family) => INSTANCE_FAMILIES[family].maxVcpus)));
  });

  it('know nothing of an unknown family or size, so that nothing is called too big for it', () => {
    expect(instanceLimits('z9')).toBeUndefined();
    expect(instanceLimits('m5.huge')).toBeUndefined();
  });
});
