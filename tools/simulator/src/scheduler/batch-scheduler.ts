import type { InstanceTypeSpec } from '../batch-resources/instance-types';
import { SCHEDULER } from '../constants';
import { launchInstance } from '../compute/capacity';
import { ecsFreeOf, freeOf, type ComputeEnvironmentState, type Resources, type SimInstance } from '../compute/compute-environment-state';
import { failRunTask, startEcsAttempt, startEksAttempt } from '../jobs/attempts';
import { startMultiNode } from '../jobs/job-lifecycle';
import type { QueueState, SimJob } from '../jobs/job-state';
import type { Simulation } from '../simulation';

function fits(free: Resources, need: Resources): boolean {
  return free.cpu >= need.cpu && free.memory >= need.memory;
}

/** Whether the job is a multi-node job waiting for all its nodes' instances. */
function isGang(job: SimJob): boolean {
  return job.multiNode !== undefined && job.nodeIndex === undefined;
}

/**
 * The AWS Batch scheduler: passes over the RUNNABLE jobs of every queue (higher priority first,
 * FIFO within a queue), places each on the first of its queue's compute environments with room,
 * and scales out compute environments for the jobs that have none.
 *
 * Placement is optimistic, as in ECS: some decisions are taken on the view of the cluster from the
 * start of the pass, so under pressure RunTask is sent to an instance that has meanwhile filled up
 * and fails with `RESOURCE:CPU` or `RESOURCE:MEMORY`; an instance whose agent is disconnected
 * fails it with `AGENT`. A job that no environment can ever run blocks its queue: the jobs behind
 * it wait.
 */
export class BatchScheduler {
  private nextPassAt: number | undefined;
  /** Compute environments whose view was refreshed in this pass (after a failed RunTask). */
  private readonly refreshed = new Set<ComputeEnvironmentState>();

  constructor(private readonly sim: Simulation) {}

  /** Asks for a pass `delay` ms from now, unless one is already due by then. */
  request(delay: number): void {
    const at = Math.round(this.sim.now + delay);
    if (this.nextPassAt !== undefined && this.nextPassAt <= at) return;
    this.nextPassAt = at;
    this.sim.at(at, () => {
      if (this.nextPassAt === at) this.nextPassAt = undefined;
      this.pass();
    });
  }

  private pass(): void {
    const sim = this.sim;
    const snapshot = new Map<SimInstance, Resources>();
    for (const ce of sim.environments) {
      for (const instance of ce.instances) if (instance.status === 'ACTIVE') snapshot.set(instance, freeOf(instance));
    }
    const demand = new Map<ComputeEnvironmentState, SimJob[]>();
    this.refreshed.clear();
    let waiting = false;
    for (const queue of sim.queues) {
      let considered = 0;
      for (const job of queue.runnable) {
        if (considered >= SCHEDULER.jobsPerQueuePerPass || job.blockedReason !== undefined) {
          waiting = true;
          break;
        }
        considered += 1;
        if (!this.place(job, queue, snapshot, demand)) waiting = true;
      }
    }
    for (const [ce, jobs] of demand) this.scaleOut(ce, jobs);
    if (waiting) this.request(sim.random.between(SCHEDULER.periodMin, SCHEDULER.periodMax));
  }

  /** Tries the job's compute environments in order; true when the job left the queue. */
  private place(job: SimJob, queue: QueueState, snapshot: Map<SimInstance, Resources>, demand: Map<ComputeEnvironmentState, SimJob[]>): boolean {
    const sim = this.sim;
    for (const ce of queue.environments) {
      if (!ce.onInstances) {
        if (job.vcpus > ce.spec.maxvCpus || ce.usedVcpus + job.vcpus > ce.spec.maxvCpus) continue;
        queue.runnable.delete(job);
        if (ce.spec.kind === 'FARGATE') startEcsAttempt(sim, job, ce, undefined);
        else startEksAttempt(sim, job, ce, sim.eksNodeName(ce));
        return true;
      }
      if (ce.typesFitting(job.need).length === 0) continue;
      if (isGang(job)) {
        const instances = this.gang(ce, job);
        if (instances !== undefined) {
          queue.runnable.delete(job);
          startMultiNode(sim, job, ce, instances);
          return true;
        }
      } else {
        const instance = this.choose(ce, job.need, snapshot);
        if (instance !== undefined) return this.runTask(job, queue, ce, instance);
      }
      if (this.canGrow(ce, job.need)) {
        const jobs = demand.get(ce);
        if (jobs === undefined) demand.set(ce, [job]);
        else jobs.push(job);
        return false;
      }
      // At its maximum: the next compute environment of the queue takes the job.
    }
    return false;
  }

  /**
   * Where Batch sends the task. Usually the best fit on an up-to-date view; sometimes (placement
   * workers racing each other) any instance that had room at the start of the pass, a stale view
   * that neither sees the placements made since nor agents that disconnected.
   */
  private choose(ce: ComputeEnvironmentState, need: Resources, snapshot: Map<SimInstance, Resources>): SimInstance | undefined {
    if (!this.refreshed.has(ce) && this.sim.random.chance(SCHEDULER.staleViewProbability)) {
      const candidates: SimInstance[] = [];
      for (const instance of ce.instances) {
        const free = snapshot.get(instance);
        if (free !== undefined && instance.status === 'ACTIVE' && fits(free, need)) candidates.push(instance);
      }
      if (candidates.length > 0) return this.sim.random.pick(candidates);
    }
    let best: SimInstance | undefined;
    let bestLeft = Infinity;
    for (const instance of ce.instances) {
      if (instance.status !== 'ACTIVE' || !instance.agentConnected) continue;
      const free = freeOf(instance);
      if (!fits(free, need)) continue;
      const left = free.cpu - need.cpu + (free.memory - need.memory) / 1_000_000;
      if (left < bestLeft) {
        best = instance;
        bestLeft = left;
      }
    }
    return best;
  }

  /** Distinct instances with room for every node of a multi-node job, main node first. */
  private gang(ce: ComputeEnvironmentState, job: SimJob): SimInstance[] | undefined {
    const numNodes = job.multiNode?.numNodes ?? 1;
    const candidates = [...ce.instances].filter(
      (instance) => instance.status === 'ACTIVE' && instance.agentConnected && fits(freeOf(instance), job.need),
    );
    return candidates.length >= numNodes ? candidates.slice(0, numNodes) : undefined;
  }

  /** Sends RunTask to the chosen instance; ECS places the task or says why not. */
  private runTask(job: SimJob, queue: QueueState, ce: ComputeEnvironmentState, instance: SimInstance): boolean {
    // ECS answers from its own view, which counts tasks Batch did not start.
    const free = ecsFreeOf(instance);
    const reason = !instance.agentConnected
      ? 'AGENT'
      : free.cpu < job.need.cpu
        ? 'RESOURCE:CPU'
        : free.memory < job.need.memory
          ? 'RESOURCE:MEMORY'
          : undefined;
    if (reason !== undefined) {
      failRunTask(this.sim, job, ce, instance, reason);
      // ECS's answer updates Batch's view of the cluster: no more stale decisions there this pass.
      this.refreshed.add(ce);
      return false;
    }
    queue.runnable.delete(job);
    startEcsAttempt(this.sim, job, ce, instance);
    return true;
  }

  private canGrow(ce: ComputeEnvironmentState, need: Resources): boolean {
    const smallest = Math.min(...ce.typesFitting(need).map((type) => type.vcpus));
    if (ce.instanceVcpus + smallest <= ce.spec.maxvCpus) return true;
    // Capacity already on its way counts as room.
    for (const instance of ce.instances) if (instance.status === 'BOOTING' && fits(freeOf(instance), need)) return true;
    return false;
  }

  /**
   * The type to launch for a job when `demandCpu` CPU units are still waiting: the smallest type
   * that fits the job and covers the demand (or the largest when none covers it), as a best-fit
   * allocation sizes capacity to the queue; Spot picks at random among the pools large enough.
   */
  private chooseType(ce: ComputeEnvironmentState, need: Resources, demandCpu: number): InstanceTypeSpec | undefined {
    const fitting = [...ce.typesFitting(need)].sort((a, b) => a.registeredCpu - b.registeredCpu || a.registeredMemory - b.registeredMemory);
    const largest = fitting[fitting.length - 1];
    if (largest === undefined) return undefined;
    const covering = fitting.filter((type) => type.registeredCpu >= Math.min(demandCpu, largest.registeredCpu));
    if (ce.spec.kind === 'SPOT') return this.sim.random.pick(covering);
    return covering[0] ?? largest;
  }

  /**
   * Launches instances for the jobs waiting on a compute environment, counting the capacity of
   * instances still booting, up to `maxvCpus`.
   */
  private scaleOut(ce: ComputeEnvironmentState, jobs: readonly SimJob[]): void {
    const slots: { cpu: number; memory: number }[] = [];
    for (const instance of ce.instances) {
      if (instance.status === 'BOOTING') slots.push(freeOf(instance));
    }
    let demandCpu = 0;
    for (const job of jobs) demandCpu += job.need.cpu * (isGang(job) ? (job.multiNode?.numNodes ?? 1) : 1);
    for (const job of jobs) {
      const used = new Set<{ cpu: number; memory: number }>();
      const nodes = isGang(job) ? (job.multiNode?.numNodes ?? 1) : 1;
      for (let node = 0; node < nodes; node += 1) {
        let slot = slots.find((candidate) => !used.has(candidate) && fits(candidate, job.need));
        demandCpu -= job.need.cpu;
        if (slot === undefined) {
          // A node of a multi-node job needs an instance of its own: size it for that node only.
          const type = this.chooseType(ce, job.need, isGang(job) ? job.need.cpu : demandCpu + job.need.cpu);
          if (type === undefined || ce.instanceVcpus + type.vcpus > ce.spec.maxvCpus) return;
          launchInstance(this.sim, ce, type);
          slot = { cpu: type.registeredCpu, memory: type.registeredMemory };
          slots.push(slot);
        }
        used.add(slot);
        slot.cpu -= job.need.cpu;
        slot.memory -= job.need.memory;
      }
    }
  }
}
