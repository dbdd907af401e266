import type { ComputeEnvironmentKind, ComputeEnvironmentSpec, JobQueueSpec } from '../batch-resources/batch-resources';
import { arn } from '../events/aws-arns';
import { renderConfigurationCall, renderSubmitJobCall, type CallIds } from '../events/batch-api-calls';
import type { ConfiguredResource } from '../ground-truth/ground-truth';
import type { SimJob } from '../jobs/job-state';
import { SeededRandom } from '../randomness/seeded-random';
import type { Simulation } from '../simulation';

/** How each kind of simulated compute environment is created: its compute resources' `type`. */
const PROVISIONING_MODEL: Readonly<Record<ComputeEnvironmentKind, string>> = { EC2: 'EC2', SPOT: 'SPOT', FARGATE: 'FARGATE', EKS: 'EC2' };

/**
 * The allocation strategy a compute environment is created with, and the one the update during the
 * run switches a Spot environment to ("Allocation strategies for compute resources", AWS Batch User
 * Guide: Fargate takes none). The simulation does not model allocation strategies, so the update
 * changes the configuration batchmon must learn without changing what the jobs do.
 */
const CREATED_STRATEGY: Readonly<Record<ComputeEnvironmentKind, string | undefined>> = {
  EC2: 'BEST_FIT_PROGRESSIVE',
  SPOT: 'SPOT_CAPACITY_OPTIMIZED',
  FARGATE: undefined,
  EKS: 'BEST_FIT_PROGRESSIVE',
};
const UPDATED_SPOT_STRATEGY = 'SPOT_PRICE_CAPACITY_OPTIMIZED';

/** Share of SubmitJob calls that name their queue by ARN rather than by name (SDK users often pass the ARN). */
const QUEUE_BY_ARN = 0.5;

/**
 * The Batch API calls of the account's users: the compute environments and job queues created
 * at the start, a Spot compute environment's allocation strategy updated once half the jobs are
 * submitted, and a SubmitJob call per submission. Its ids and choices come from a random stream of
 * its own, so the jobs, instances and delivery of a seed stay what they were without these calls.
 * The truth records every submission by queue and the configuration each resource ends with.
 */
export class BatchConfigurationCalls {
  private readonly random: SeededRandom;
  private readonly configuration = new Map<string, ConfiguredResource>();
  private submitted = 0;
  private updated = false;

  constructor(private readonly sim: Simulation) {
    this.random = new SeededRandom(sim.options.seed).fork('batch-api-calls');
  }

  /** Creates every compute environment, then every job queue, at the simulation's start. */
  start(): void {
    this.sim.at(this.sim.options.startMillis, () => {
      for (const ce of this.sim.options.resources.computeEnvironments) this.createComputeEnvironment(ce);
      for (const queue of this.sim.options.resources.jobQueues) this.createJobQueue(queue);
    });
  }

  /** A job (or an array job's parent) was submitted: its SubmitJob call, and the update once half are in. */
  submission(job: SimJob, arraySize: number | undefined): void {
    const queue = job.queue.spec.name;
    this.sim.emit(
      renderSubmitJobCall({
        ids: this.ids(),
        at: this.sim.now,
        jobQueue: this.random.chance(QUEUE_BY_ARN) ? arn('batch', `job-queue/${queue}`) : queue,
        jobId: job.id,
        jobName: job.name,
        jobDefinition: `${job.definition.name}:${job.revision}`,
        ...(arraySize === undefined ? {} : { arraySize }),
      }),
    );
    this.sim.truth.submission(queue);
    this.submitted += 1;
    // At least a second after the creates: CloudTrail times are whole seconds, and within one
    // second calls are ordered by their ids, not by when they were made.
    if (!this.updated && this.submitted >= Math.ceil(this.sim.options.jobs / 2) && this.sim.now - this.sim.options.startMillis >= 1000) this.updateSpotStrategy();
  }

  private createComputeEnvironment(ce: ComputeEnvironmentSpec): void {
    const ec2 = ce.kind !== 'FARGATE';
    const strategy = CREATED_STRATEGY[ce.kind];
    this.sim.emit(
      renderConfigurationCall(this.ids(), this.sim.now, 'CreateComputeEnvironment', {
        computeEnvironmentName: ce.name,
        type: 'MANAGED',
        state: 'ENABLED',
        computeResources: {
          type: PROVISIONING_MODEL[ce.kind],
          maxvCpus: ce.maxvCpus,
          ...(ec2 ? { minvCpus: 0, instanceTypes: ce.kind === 'EKS' ? ['m5'] : [...ce.instanceTypes] } : {}),
          ...(strategy === undefined ? {} : { allocationStrategy: strategy }),
          subnets: ce.availabilityZones.map((zone) => `subnet-${zone.replaceAll('-', '')}`),
        },
        ...(ce.kind === 'EKS' ? { eksConfiguration: { eksClusterArn: arn('eks', 'cluster/batch'), kubernetesNamespace: 'batch' } } : {}),
      }),
    );
    this.configure({
      kind: 'compute-environment',
      name: ce.name,
      fields: {
        type: 'MANAGED',
        state: 'ENABLED',
        maxvCpus: ce.maxvCpus,
        instanceTypes: ec2 ? (ce.kind === 'EKS' ? ['m5'] : [...ce.instanceTypes]) : null,
        provisioningModel: PROVISIONING_MODEL[ce.kind],
        allocationStrategy: strategy ?? null,
        orchestration: ce.kind === 'EKS' ? 'EKS' : 'ECS',
        deleted: false,
      },
    });
  }

  private createJobQueue(queue: JobQueueSpec): void {
    this.sim.emit(
      renderConfigurationCall(this.ids(), this.sim.now, 'CreateJobQueue', {
        jobQueueName: queue.name,
        state: 'ENABLED',
        priority: queue.priority,
        // Compute environments named by ARN, as the console and CloudFormation pass them.
        computeEnvironmentOrder: queue.computeEnvironments.map((name, index) => ({ order: index + 1, computeEnvironment: arn('batch', `compute-environment/${name}`) })),
      }),
    );
    this.configure({
      kind: 'job-queue',
      name: queue.name,
      fields: { state: 'ENABLED', priority: queue.priority, computeEnvironments: [...queue.computeEnvironments], deleted: false },
    });
  }

  private updateSpotStrategy(): void {
    this.updated = true;
    const spot = this.sim.options.resources.computeEnvironments.find((ce) => ce.kind === 'SPOT');
    if (spot === undefined) return;
    this.sim.emit(
      renderConfigurationCall(this.ids(), this.sim.now, 'UpdateComputeEnvironment', {
        computeEnvironment: arn('batch', `compute-environment/${spot.name}`),
        computeResources: { allocationStrategy: UPDATED_SPOT_STRATEGY },
      }),
    );
    const created = this.configuration.get(`compute-environment#${spot.name}`);
    if (created !== undefined) this.configure({ ...created, fields: { ...created.fields, allocationStrategy: UPDATED_SPOT_STRATEGY } });
  }

  private configure(resource: ConfiguredResource): void {
    this.configuration.set(`${resource.kind}#${resource.name}`, resource);
    this.sim.truth.configured(resource);
  }

  private ids(): CallIds {
    return { eventId: this.random.uuid(), cloudTrailEventId: this.random.uuid() };
  }
}
