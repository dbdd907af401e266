import type { JobShape } from '@batchmon/event-schemas';
import { SUBMISSION_SHAPES, type JobDefinitionSpec, type SubmissionShape } from '../batch-resources/batch-resources';
import { ARRIVALS, SIZES, SUBMISSION_EVALUATION } from '../constants';
import { SHAPE_PLATFORMS } from '../options/workload-options';
import type { Simulation } from '../simulation';
import { evaluateArraySubmission, evaluateSubmission } from './job-lifecycle';
import type { ArrayGroup, MultiNodeGroup, QueueState, SimJob } from './job-state';
import { emptySummary, newJob } from './new-job';

/** Recent submissions a new job may depend on (bounded, so memory does not grow with the run). */
const DEPENDENCY_CANDIDATES = 64;
const SINGLE_SHAPES: ReadonlySet<SubmissionShape> = new Set(['container', 'multiContainer', 'fargate', 'eks']);

/**
 * The users of the account: SubmitJob calls arriving in waves, each picking a shape (by the
 * configured mix), a job definition and revision serving it, and a queue that can run it.
 */
export class Submissions {
  private left: number;
  private waveLeft = 0;
  private sequence = 0;
  private readonly recent: SimJob[] = [];
  private readonly shapeWeights: readonly (readonly [SubmissionShape, number])[];
  private readonly definitions: ReadonlyMap<SubmissionShape, readonly JobDefinitionSpec[]>;
  private readonly queues: ReadonlyMap<SubmissionShape, readonly QueueState[]>;

  constructor(private readonly sim: Simulation) {
    this.left = sim.options.jobs;
    this.shapeWeights = SUBMISSION_SHAPES.map((shape) => [shape, sim.options.shapeMix[shape]] as const);
    const definitions = sim.options.resources.jobDefinitions;
    this.definitions = new Map(SUBMISSION_SHAPES.map((shape) => [shape, definitions.filter((definition) => definition.shapes.includes(shape))]));
    this.queues = new Map(
      SUBMISSION_SHAPES.map((shape) => [
        shape,
        // The stuck situations' queues get only the jobs of their situation.
        sim.queues.filter((queue) => !sim.situations.owns(queue) && queue.environments.every((ce) => SHAPE_PLATFORMS[shape].includes(ce.spec.kind))),
      ]),
    );
  }

  /** SubmitJob calls not made yet. */
  get remaining(): number {
    return this.left;
  }

  /** Starts the arrivals at the simulation's start time. */
  start(): void {
    this.sim.at(this.sim.options.startMillis, () => this.arrive());
  }

  private arrive(): void {
    const sim = this.sim;
    if (this.left === 0) return;
    let backlog = 0;
    for (const queue of sim.queues) backlog += queue.runnable.size;
    if (backlog > ARRIVALS.maxRunnableBacklog) {
      sim.after(ARRIVALS.backlogRetry, () => this.arrive());
      return;
    }
    this.submit();
    this.left -= 1;
    if (this.left === 0) return;
    let gap: number;
    if (this.waveLeft > 0) {
      this.waveLeft -= 1;
      gap = sim.random.exponential(ARRIVALS.meanGapWithinWave);
    } else {
      this.waveLeft = Math.round(sim.random.exponential(ARRIVALS.meanWaveSize));
      gap = sim.random.exponential(ARRIVALS.meanGapBetweenWaves);
    }
    sim.after(gap, () => this.arrive());
  }

  private pickShape(): { shape: SubmissionShape; blocking: boolean } {
    const random = this.sim.random;
    if (this.sim.options.shapeMix.container > 0 && random.chance(this.sim.options.blockingJobRate)) return { shape: 'container', blocking: true };
    return { shape: random.weighted(this.shapeWeights), blocking: false };
  }

  private submit(): void {
    const sim = this.sim;
    const random = sim.random;
    const { shape, blocking } = this.pickShape();
    const definition = random.pick(this.definitions.get(shape) ?? []);
    const revisions = definition.revisions;
    const latest = revisions[revisions.length - 1] ?? 1;
    // Most submissions use the latest revision; a few pipelines still pin an older one.
    const revision = revisions.length > 1 && random.chance(0.25) ? random.pick(revisions.slice(0, -1)) : latest;
    const queue = random.pick(this.queues.get(shape) ?? []);
    const baseId = sim.ids.uuid();
    this.sequence += 1;
    const common = {
      baseId,
      name: `${definition.name}-${String(this.sequence).padStart(6, '0')}`,
      queue,
      definition,
      revision,
      createdAt: sim.now,
      maxAttempts: definition.attempts ?? 1,
    };
    const evaluateAt = random.between(SUBMISSION_EVALUATION.min, SUBMISSION_EVALUATION.max);

    if (shape === 'array') {
      const size = random.chance(SIZES.largeArrayProbability)
        ? random.integer(SIZES.largeArrayMin, SIZES.largeArrayMax)
        : random.integer(SIZES.arrayMin, SIZES.arrayMax);
      const parent = newJob({ ...common, id: baseId, shape: 'arrayParent', vcpus: definition.vcpus, memory: definition.memory });
      const children: SimJob[] = [];
      const group: ArrayGroup = { parent, children, summary: emptySummary(size), unfinished: size, failed: false };
      parent.array = group;
      for (let index = 0; index < size; index += 1) {
        const id = `${baseId}:${index}`;
        children.push(newJob({ ...common, id, shape: 'arrayChild', vcpus: definition.vcpus, memory: definition.memory, arrayIndex: index, array: group }));
      }
      sim.activeJobs += size + 1;
      sim.batchApiCalls.submission(parent, size);
      this.remember(parent);
      sim.after(evaluateAt, () => evaluateArraySubmission(sim, parent));
      return;
    }

    if (shape === 'multiNode') {
      const parent = newJob({ ...common, id: baseId, shape: 'multiNode', vcpus: definition.vcpus, memory: definition.memory, maxAttempts: 1 });
      const group: MultiNodeGroup = {
        parent,
        numNodes: random.integer(SIZES.nodesMin, SIZES.nodesMax),
        nodes: [],
        instances: [],
        childrenUnfinished: 0,
        mainWaiting: false,
      };
      parent.multiNode = group;
      sim.activeJobs += 1;
      sim.batchApiCalls.submission(parent, undefined);
      this.remember(parent);
      sim.after(evaluateAt, () => evaluateSubmission(sim, parent, undefined));
      return;
    }

    const oversized = blocking ? this.oversized(queue) : undefined;
    const dependency = SINGLE_SHAPES.has(shape) && random.chance(sim.options.dependencyRate) ? this.dependencyCandidate() : undefined;
    const job = newJob({
      ...common,
      id: baseId,
      shape: shape as JobShape,
      vcpus: oversized?.vcpus ?? definition.vcpus,
      memory: oversized?.memory ?? definition.memory,
      ...(dependency === undefined ? {} : { dependsOn: [dependency.id] }),
    });
    sim.activeJobs += 1;
    sim.batchApiCalls.submission(job, undefined);
    this.remember(job);
    sim.after(evaluateAt, () => evaluateSubmission(sim, job, dependency));
  }

  /** Requirements (a SubmitJob override) twice what the largest instance type of the queue offers. */
  private oversized(queue: QueueState): { vcpus: number; memory: number } {
    let vcpus = 1;
    let memory = 1024;
    for (const ce of queue.environments) {
      for (const type of ce.instanceTypes) {
        vcpus = Math.max(vcpus, type.vcpus);
        memory = Math.max(memory, type.registeredMemory);
      }
    }
    return { vcpus: vcpus * 2, memory: memory * 2 };
  }

  private remember(job: SimJob): void {
    this.recent.push(job);
    if (this.recent.length > DEPENDENCY_CANDIDATES) this.recent.shift();
  }

  private dependencyCandidate(): SimJob | undefined {
    const active = this.recent.filter((job) => !job.terminal);
    return active.length === 0 ? undefined : this.sim.random.pick(active);
  }
}
