import type { BatchResources, ComputeEnvironmentSpec, JobDefinitionSpec, JobQueueSpec } from '../batch-resources/batch-resources';

/**
 * The stuck-job situations the simulator can produce, each on a job queue and compute environment
 * of its own (so that one situation's cause never leaks into another's), a couple of minutes into
 * the workload:
 *
 * - `queue-blocked`: a job asking more than any allowed instance type, alone in its queue: Batch
 *   names it in a Job Queue Blocked event, then the queue's job state time limit cancels it;
 * - `too-big`: the same, twice in one queue: the first job blocks the queue (and is named), the
 *   second waits behind it, too big, never named while it waits;
 * - `at-max-vcpus`: long jobs fill a compute environment to its `maxvCpus`, more wait;
 * - `insufficient-capacity`: every launch of the compute environment's group fails with EC2's
 *   InsufficientInstanceCapacity message for a while (`EC2 Instance Launch Unsuccessful`, retried);
 * - `vcpu-limit`: the same with the account's vCPU quota message (VcpuLimitExceeded);
 * - `instances-not-registering`: instances launch (`EC2 Instance Launch Successful`) but their ECS
 *   agent never registers them, until the compute environment's instances are replaced;
 * - `placement-failures`: a daemon task outside Batch's view holds most of each instance's memory:
 *   Batch keeps sending RunTask, ECS answers `RESOURCE:MEMORY`;
 * - `busy-queue`: long jobs of the queue fill its compute environment (below its maximum: the next
 *   instance would not fit under it), more wait their turn;
 * - `image-pull`: the job's image cannot be pulled (the registry endpoint times out): the job stays
 *   STARTING, its task PENDING with a pull that never finishes, then fails with `CannotPullContainerError`;
 * - `agent-disconnected`: the ECS agent of the instance a job's task was placed on disconnects right
 *   after: the job stays STARTING, its task PENDING without a pull, until the agent reconnects.
 */
export const STUCK_SITUATIONS = [
  'queue-blocked',
  'too-big',
  'at-max-vcpus',
  'insufficient-capacity',
  'vcpu-limit',
  'instances-not-registering',
  'placement-failures',
  'busy-queue',
  'image-pull',
  'agent-disconnected',
] as const;

/** One of {@link STUCK_SITUATIONS}. */
export type StuckSituation = (typeof STUCK_SITUATIONS)[number];

/** The compute environment of a situation. */
export function situationComputeEnvironment(situation: StuckSituation): string {
  return `stuck-${situation}-ce`;
}

/** The job queue of a situation. */
export function situationJobQueue(situation: StuckSituation): string {
  return `stuck-${situation}`;
}

const ZONES = ['us-east-1a', 'us-east-1b'];

/**
 * Instance types and `maxvCpus` of each situation's compute environment. `busy-queue` allows 10
 * vCPUs of 4-vCPU instances: two fit, a third would exceed the maximum, so the environment stays two
 * vCPUs below it while its jobs run; `at-max-vcpus` allows exactly two 2-vCPU instances.
 */
const ENVIRONMENTS: Readonly<Record<StuckSituation, Pick<ComputeEnvironmentSpec, 'kind' | 'instanceTypes' | 'maxvCpus'>>> = {
  'queue-blocked': { kind: 'EC2', instanceTypes: ['m5.large'], maxvCpus: 8 },
  'too-big': { kind: 'EC2', instanceTypes: ['m5.large'], maxvCpus: 8 },
  'at-max-vcpus': { kind: 'EC2', instanceTypes: ['m5.large'], maxvCpus: 4 },
  'insufficient-capacity': { kind: 'EC2', instanceTypes: ['c5.xlarge'], maxvCpus: 16 },
  'vcpu-limit': { kind: 'SPOT', instanceTypes: ['m5.large'], maxvCpus: 16 },
  'instances-not-registering': { kind: 'EC2', instanceTypes: ['m5.large'], maxvCpus: 8 },
  'placement-failures': { kind: 'EC2', instanceTypes: ['m5.large'], maxvCpus: 8 },
  'busy-queue': { kind: 'EC2', instanceTypes: ['c5.xlarge'], maxvCpus: 10 },
  'image-pull': { kind: 'EC2', instanceTypes: ['m5.large'], maxvCpus: 8 },
  'agent-disconnected': { kind: 'EC2', instanceTypes: ['m5.large'], maxvCpus: 8 },
};

/** The job definitions situations submit (no submission shape: the random workload never picks them). */
export const SITUATION_JOB_DEFINITIONS = {
  /** Short jobs, sized per situation at submission (a SubmitJob resource override). */
  worker: {
    name: 'stuck-worker',
    revisions: [1],
    shapes: [],
    vcpus: 1,
    memory: 2048,
    medianRunSeconds: 240,
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:2024.05',
  },
  /** Jobs long enough to hold their compute environment past the threshold. */
  long: {
    name: 'stuck-long-worker',
    revisions: [1],
    shapes: [],
    vcpus: 1,
    memory: 1024,
    medianRunSeconds: 3600,
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:2024.05',
  },
  /** Its image sits behind a registry endpoint the instances cannot reach. */
  unpullable: {
    name: 'stuck-variant-caller',
    revisions: [1],
    shapes: [],
    vcpus: 1,
    memory: 2048,
    medianRunSeconds: 300,
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/variant-caller:2024.06',
  },
} as const satisfies Record<string, JobDefinitionSpec>;

/**
 * The account's resources with those of the given situations added: one compute environment and one
 * job queue per situation, and the situations' job definitions.
 */
export function withSituationResources(resources: BatchResources, situations: readonly StuckSituation[]): BatchResources {
  if (situations.length === 0) return resources;
  const computeEnvironments: ComputeEnvironmentSpec[] = situations.map((situation) => ({
    name: situationComputeEnvironment(situation),
    availabilityZones: ZONES,
    ...ENVIRONMENTS[situation],
  }));
  const jobQueues: JobQueueSpec[] = situations.map((situation) => ({
    name: situationJobQueue(situation),
    priority: 1,
    computeEnvironments: [situationComputeEnvironment(situation)],
  }));
  return {
    computeEnvironments: [...resources.computeEnvironments, ...computeEnvironments],
    jobQueues: [...resources.jobQueues, ...jobQueues],
    jobDefinitions: [...resources.jobDefinitions, ...Object.values(SITUATION_JOB_DEFINITIONS)],
  };
}
