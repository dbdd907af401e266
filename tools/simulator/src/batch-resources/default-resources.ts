import type { BatchResources } from './batch-resources';

/**
 * The default account: an on-demand EC2 compute environment (x86, three AZs, including a
 * memory-optimized type), a Spot one mixing x86 and Graviton (arm64) types in two AZs whose ECS
 * cluster still has the legacy name format, a Fargate one and an EKS one; four queues (a queue's
 * compute environments must share one orchestration type, so EKS needs its own); seven job
 * definitions, several with two revisions in use.
 */
export const DEFAULT_BATCH_RESOURCES: BatchResources = {
  computeEnvironments: [
    {
      name: 'ondemand-ec2',
      kind: 'EC2',
      instanceTypes: ['m5.large', 'c5.xlarge', 'r5.2xlarge'],
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      maxvCpus: 256,
    },
    {
      name: 'spot-ec2',
      kind: 'SPOT',
      instanceTypes: ['m5.large', 'c5.xlarge', 'm6g.large', 'c6g.xlarge'],
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      maxvCpus: 128,
      clusterNameFormat: 'legacy',
    },
    { name: 'fargate', kind: 'FARGATE', instanceTypes: [], availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], maxvCpus: 48 },
    { name: 'eks-nodes', kind: 'EKS', instanceTypes: [], availabilityZones: ['us-east-1a', 'us-east-1b'], maxvCpus: 32 },
  ],
  jobQueues: [
    { name: 'critical', priority: 100, computeEnvironments: ['ondemand-ec2'] },
    { name: 'standard', priority: 10, computeEnvironments: ['spot-ec2', 'ondemand-ec2'] },
    { name: 'serverless', priority: 10, computeEnvironments: ['fargate'] },
    { name: 'kubernetes', priority: 10, computeEnvironments: ['eks-nodes'] },
  ],
  jobDefinitions: [
    {
      name: 'etl-extract',
      revisions: [11, 12],
      shapes: ['container'],
      vcpus: 1,
      memory: 2048,
      medianRunSeconds: 150,
      attempts: 2,
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/etl:2024.05',
    },
    {
      name: 'train-model',
      revisions: [3],
      shapes: ['container'],
      vcpus: 4,
      memory: 15360,
      medianRunSeconds: 600,
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:1.8',
    },
    {
      name: 'render-frame',
      revisions: [5, 6],
      shapes: ['array', 'container'],
      vcpus: 1,
      memory: 1024,
      medianRunSeconds: 75,
      attempts: 3,
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/renderer:3.2',
    },
    {
      name: 'transcode-video',
      revisions: [2],
      shapes: ['multiContainer'],
      vcpus: 2.25,
      memory: 3584,
      medianRunSeconds: 240,
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/ffmpeg:6.1',
    },
    {
      name: 'mpi-simulation',
      revisions: [4],
      shapes: ['multiNode'],
      vcpus: 2,
      memory: 6144,
      medianRunSeconds: 900,
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/openmpi-sim:4.1',
    },
    {
      name: 'api-report',
      revisions: [8, 9],
      shapes: ['fargate'],
      vcpus: 0.5,
      memory: 1024,
      medianRunSeconds: 90,
      image: 'public.ecr.aws/amazonlinux/amazonlinux:2023',
    },
    {
      name: 'eks-inference',
      revisions: [1],
      shapes: ['eks'],
      vcpus: 1,
      memory: 2048,
      medianRunSeconds: 120,
      image: 'public.ecr.aws/amazonlinux/amazonlinux:2023',
    },
  ],
};
