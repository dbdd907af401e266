import { containerInstanceFacts, familyOf, type JobStateChange } from '@batchmon/event-schemas';
import documentedWarning from '../__fixtures__/ec2-spot-instance-interruption-warning.aws-docs.json';
import { jobHistories, ofFamily, timeOf } from '../__fixtures__/workload-views';
import { renderSpotInterruptionWarning, isSpotInterruptionWarning } from '../events/spot-interruption-warnings';
import { SPOT_WARNING_LEAD_MS } from '../compute/spot-interruptions';
import { workloadPreset } from '../options/workload-presets';
import { DEFAULT_SIMULATION_PRICES, instanceHourlyPrice } from '../pricing/simulation-prices';
import { simulateWorkload } from '../simulate-workload';
import type { SimulatedEvent } from '../simulated-event';
import { STRANDED_FRACTION, sumRows } from './cost-truth';

const HOUR = 3_600_000;
const HOST_TERMINATED = /^Host EC2 \(instance (i-[0-9a-f]+)\) terminated\./;

/** One element of a terminal job event's `attempts[]`, flattened over the container and multi-container shapes. */
interface EventAttempt {
  readonly jobId: string;
  readonly attemptIndex: number;
  readonly taskArn?: string;
  readonly containerInstanceArn?: string;
  readonly startedAt?: number;
  readonly stoppedAt?: number;
  readonly statusReason?: string;
  readonly vcpus: number;
  readonly memory: number;
  readonly gpus: number;
}

function requirement(event: JobStateChange, type: 'VCPU' | 'MEMORY' | 'GPU'): number {
  const containers = event.detail.ecsProperties?.taskProperties?.[0]?.containers ?? [event.detail.container ?? {}];
  let sum = 0;
  for (const container of containers) {
    const entries = (container as { resourceRequirements?: { type: string; value: string }[] }).resourceRequirements ?? [];
    for (const entry of entries) if (entry.type === type) sum += Number(entry.value);
  }
  return sum;
}

/** The attempts of every job's terminal event, as a consumer reads them. */
function attemptsOfTerminalEvents(events: readonly SimulatedEvent[]): EventAttempt[] {
  const attempts: EventAttempt[] = [];
  for (const [jobId, history] of jobHistories(events)) {
    const terminal = history.find((event) => event.detail.status === 'SUCCEEDED' || event.detail.status === 'FAILED');
    if (terminal === undefined) continue;
    const vcpus = requirement(terminal, 'VCPU');
    const memory = requirement(terminal, 'MEMORY');
    const gpus = requirement(terminal, 'GPU');
    (terminal.detail.attempts ?? []).forEach((attempt, attemptIndex) => {
      const placement = attempt.container ?? attempt.taskProperties?.[0];
      attempts.push({
        jobId,
        attemptIndex,
        ...(placement?.taskArn === undefined ? {} : { taskArn: placement.taskArn }),
        ...(placement?.containerInstanceArn === undefined ? {} : { containerInstanceArn: placement.containerInstanceArn }),
        ...(attempt.startedAt === undefined ? {} : { startedAt: attempt.startedAt }),
        ...(attempt.stoppedAt === undefined ? {} : { stoppedAt: attempt.stoppedAt }),
        ...(attempt.statusReason === undefined ? {} : { statusReason: attempt.statusReason }),
        vcpus,
        memory,
        gpus,
      });
    });
  }
  return attempts;
}

/** What the registration calls say of each container instance. */
function instancesOfEvents(events: readonly SimulatedEvent[]) {
  const instances = new Map<
    string,
    { ec2InstanceId: string; instanceType?: string; availabilityZone?: string; cpu: number; memory: number; gpus: number; registeredAt: number; deregisteredAt?: number }
  >();
  for (const call of ofFamily(events, 'EcsContainerInstanceRegistrationCall')) {
    const instance = call.detail.responseElements?.containerInstance;
    if (instance === undefined) continue;
    const facts = containerInstanceFacts(instance);
    if (call.detail.eventName === 'RegisterContainerInstance') {
      instances.set(instance.containerInstanceArn, {
        ec2InstanceId: facts.ec2InstanceId ?? '',
        ...(facts.instanceType === undefined ? {} : { instanceType: facts.instanceType }),
        ...(facts.availabilityZone === undefined ? {} : { availabilityZone: facts.availabilityZone }),
        cpu: facts.registeredCpu ?? 0,
        memory: facts.registeredMemory ?? 0,
        gpus: instance.registeredResources?.find((resource) => resource.name === 'GPU')?.stringSetValue?.length ?? 0,
        registeredAt: timeOf(call),
      });
    } else {
      const known = instances.get(instance.containerInstanceArn);
      if (known !== undefined) known.deregisteredAt = timeOf(call);
    }
  }
  return instances;
}

describe.each([
  ['spot-reclaims', 1],
  ['spot-reclaims', 2],
  ['spot-reclaims', 3],
  ['gpu-capacity', 4],
] as const)('the cost truth of the %s workload (seed %d)', (preset, seed) => {
  // Delivery faults on: the truth is about what happened, whatever the delivery.
  const { events, truth } = simulateWorkload(workloadPreset(preset, { jobs: 250, seed, duplicateRate: 0.03, reorderRate: 0.03 }));
  const distinct = [...new Map(events.map((event) => [event.id, event])).values()];
  const costs = truth.costs;
  const eventAttempts = attemptsOfTerminalEvents(distinct);
  const instances = instancesOfEvents(distinct);
  const warnings = distinct.filter(isSpotInterruptionWarning);

  it('adds up: the attempts’ costs on instances plus the unallocated cost equal the instances’ cost, in total, per compute environment and per instance', () => {
    expect(costs.totals.ec2JobCost + costs.totals.unallocatedCost).toBeCloseTo(costs.totals.instanceCost, 9);
    for (const row of sumRows(costs.capacity, ['computeEnvironment'])) {
      expect((row.attemptsCost ?? 0) + (row.unallocatedCost ?? 0)).toBeCloseTo(row.instanceCost ?? 0, 9);
    }
    for (const instance of costs.instances) expect(instance.attemptsCost + instance.unallocatedCost).toBeCloseTo(instance.cost, 12);
    const attemptsOnInstances = costs.attempts.filter((attempt) => attempt.launchType === 'EC2').reduce((sum, attempt) => sum + attempt.cost, 0);
    expect(attemptsOnInstances).toBeCloseTo(costs.totals.ec2JobCost, 9);
    expect(costs.jobs.reduce((sum, job) => sum + job.cost, 0)).toBeCloseTo(costs.totals.ec2JobCost + costs.totals.fargateJobCost, 9);
  });

  it('lists every ECS attempt of the terminal job events’ attempts[], with its task, host and times', () => {
    const ecs = eventAttempts.filter((attempt) => attempt.taskArn !== undefined);
    const key = (attempt: { jobId: string; attemptIndex: number }) => `${attempt.jobId}#${attempt.attemptIndex}`;
    const truthByKey = new Map(costs.attempts.map((attempt) => [key(attempt), attempt]));
    expect(new Set(truthByKey.keys())).toEqual(new Set(ecs.map(key)));
    for (const attempt of ecs) {
      const recorded = truthByKey.get(key(attempt));
      expect(recorded).toMatchObject({
        taskArn: attempt.taskArn,
        stoppedAt: attempt.stoppedAt,
        durationSeconds: attempt.startedAt === undefined || attempt.stoppedAt === undefined ? 0 : (attempt.stoppedAt - attempt.startedAt) / 1000,
        ...(attempt.containerInstanceArn === undefined ? { launchType: 'FARGATE' } : { containerInstanceArn: attempt.containerInstanceArn }),
      });
    }
  });

  it('costs each attempt on an instance as its dominant share of what the host registered × the hourly price × its duration', () => {
    const onInstances = eventAttempts.filter((attempt) => attempt.containerInstanceArn !== undefined);
    expect(onInstances.length).toBeGreaterThan(50);
    const truthByTask = new Map(costs.attempts.map((attempt) => [attempt.taskArn, attempt]));
    for (const attempt of onInstances) {
      const host = instances.get(attempt.containerInstanceArn ?? '');
      const recorded = truthByTask.get(attempt.taskArn ?? '');
      if (host === undefined || recorded === undefined) throw new Error(`attempt ${attempt.jobId}#${attempt.attemptIndex}: host or truth missing`);
      const share = Math.max((attempt.vcpus * 1024) / host.cpu, attempt.memory / host.memory, attempt.gpus === 0 ? 0 : attempt.gpus / host.gpus);
      const hourly = instanceHourlyPrice(DEFAULT_SIMULATION_PRICES, recorded.purchaseOption === 'SPOT' ? 'SPOT' : 'ON_DEMAND', recorded.computeEnvironment, host.instanceType ?? '');
      const hours = attempt.startedAt === undefined || attempt.stoppedAt === undefined ? 0 : (attempt.stoppedAt - attempt.startedAt) / HOUR;
      expect(recorded.share).toBeCloseTo(share, 12);
      expect(recorded.cost).toBeCloseTo(share * hourly * hours, 12);
      expect([recorded.instanceType, recorded.availabilityZone]).toEqual([host.instanceType, host.availabilityZone]);
    }
  });

  it('prices each instance from its registration call to its deregistration call', () => {
    expect(costs.instances.length).toBe(instances.size);
    for (const instance of costs.instances) {
      const seen = instances.get(instance.containerInstanceArn);
      if (seen?.deregisteredAt === undefined) throw new Error(`${instance.containerInstanceArn}: no registration or deregistration call`);
      // Event times have one-second resolution.
      expect(Math.abs(instance.lifetimeHours * HOUR - (seen.deregisteredAt - seen.registeredAt))).toBeLessThanOrEqual(1000);
      expect(instance.cost).toBeCloseTo(instance.lifetimeHours * instance.hourlyPrice, 12);
    }
  });

  it('announces each reclaimed instance with a warning two minutes before it deregisters and its attempts end with `Host EC2 (instance …) terminated.`', () => {
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBe(costs.totals.spotInterruptions);
    const byId = new Map([...instances.values()].map((instance) => [instance.ec2InstanceId, instance]));
    for (const warning of warnings) {
      const instance = byId.get(warning.detail['instance-id']);
      expect(instance?.deregisteredAt).toBe(timeOf(warning) + SPOT_WARNING_LEAD_MS);
    }
    for (const attempt of eventAttempts) {
      const reclaimed = HOST_TERMINATED.exec(attempt.statusReason ?? '')?.[1];
      if (reclaimed === undefined) continue;
      const warning = warnings.find((candidate) => candidate.detail['instance-id'] === reclaimed);
      expect(warning).toBeDefined();
      expect(attempt.stoppedAt).toBeGreaterThanOrEqual(timeOf(warning ?? { time: '' }) + SPOT_WARNING_LEAD_MS);
    }
  });

  it('counts interruptions per instance type and Availability Zone as the warnings name them, once per instance', () => {
    const byId = new Map([...instances.values()].map((instance) => [instance.ec2InstanceId, instance]));
    const expected: Record<string, number> = {};
    for (const warning of warnings) {
      const instance = byId.get(warning.detail['instance-id']);
      const key = `${instance?.instanceType} ${instance?.availabilityZone}`;
      expected[key] = (expected[key] ?? 0) + 1;
    }
    const counted = Object.fromEntries(
      sumRows(costs.spotInterruptions, ['instanceType', 'availabilityZone']).map((row) => [`${row.instanceType} ${row.availabilityZone}`, row.interruptions]),
    );
    expect(counted).toEqual(expected);
  });

  it('counts as lost vCPU-hours the interrupted attempts’ running time × their vCPUs, at their host’s type and zone', () => {
    const interrupted = eventAttempts.filter((attempt) => HOST_TERMINATED.test(attempt.statusReason ?? ''));
    const lost: Record<string, number> = {};
    for (const attempt of interrupted) {
      const host = instances.get(attempt.containerInstanceArn ?? '');
      const key = `${host?.instanceType} ${host?.availabilityZone}`;
      const hours = attempt.startedAt === undefined || attempt.stoppedAt === undefined ? 0 : (attempt.stoppedAt - attempt.startedAt) / HOUR;
      lost[key] = (lost[key] ?? 0) + hours * attempt.vcpus;
    }
    const truthLost = sumRows(costs.spotInterruptions, ['instanceType', 'availabilityZone']).filter((row) => (row.interruptedAttempts ?? 0) > 0);
    expect(Object.fromEntries(truthLost.map((row) => [`${row.instanceType} ${row.availabilityZone}`, row.lostVcpuHours]))).toEqual(
      Object.fromEntries(Object.entries(lost).map(([key, value]) => [key, expect.closeTo(value, 9)])),
    );
    expect(truthLost.reduce((sum, row) => sum + (row.interruptedAttempts ?? 0), 0)).toBe(interrupted.length);
  });

  it('retries an interrupted job on another instance, as its retry strategy allows', () => {
    const interrupted = costs.attempts.filter((attempt) => attempt.interrupted);
    for (const attempt of interrupted) {
      const next = costs.attempts.find((other) => other.jobId === attempt.jobId && other.attemptIndex === attempt.attemptIndex + 1);
      if (next !== undefined) expect(next.containerInstanceArn).not.toBe(attempt.containerInstanceArn);
    }
    const retried = costs.jobs.filter((job) => job.interruptedAttempts > 0 && job.attempts > job.interruptedAttempts);
    expect(costs.spotInterruptions.reduce((sum, row) => sum + row.retriesSucceeded, 0)).toBe(
      retried.filter((job) => job.state === 'SUCCEEDED').reduce((sum, job) => sum + job.interruptedAttempts, 0),
    );
  });

  /** ∫ of the step functions the Container Instance State Change events draw (they follow each change within seconds), in CPU-unit-ms and MiB-ms. */
  function integralsOfInstanceEvents() {
    const updatedAt = (state: { readonly time: string; readonly detail: object }): number => {
      const value = (state.detail as { updatedAt?: unknown }).updatedAt;
      return typeof value === 'string' ? Date.parse(value) : timeOf(state);
    };
    const states = ofFamily(distinct, 'EcsContainerInstanceStateChange').sort((a, b) => updatedAt(a) - updatedAt(b));
    const sums = { idleCpu: 0, idleMemory: 0, strandedCpu: 0, strandedMemory: 0 };
    for (const [arn, instance] of instances) {
      let at = instance.registeredAt;
      let cpu = instance.cpu;
      let memory = instance.memory;
      const end = instance.deregisteredAt ?? at;
      const add = (until: number): void => {
        const span = Math.max(0, until - at);
        const memoryFull = memory < STRANDED_FRACTION * instance.memory;
        const cpuFull = cpu < STRANDED_FRACTION * instance.cpu;
        sums.idleCpu += cpu * span;
        sums.idleMemory += memory * span;
        if (memoryFull && !cpuFull) sums.strandedCpu += cpu * span;
        if (cpuFull && !memoryFull) sums.strandedMemory += memory * span;
      };
      for (const state of states.filter((candidate) => candidate.detail.containerInstanceArn === arn)) {
        const time = Math.min(end, updatedAt(state));
        add(time);
        at = Math.max(at, time);
        const facts = containerInstanceFacts(state.detail);
        cpu = facts.remainingCpu ?? cpu;
        memory = facts.remainingMemory ?? memory;
      }
      add(end);
    }
    return sums;
  }

  it('integrates idle vCPUs and memory from registration to deregistration: the instance events’ remaining resources give the same within 1 %', () => {
    const sums = integralsOfInstanceEvents();
    expect(Math.abs(sums.idleCpu / 1024 / HOUR - costs.totals.idleVcpuHours) / costs.totals.idleVcpuHours).toBeLessThan(0.01);
    expect(Math.abs(sums.idleMemory / 1024 / HOUR - costs.totals.idleMemoryGbHours) / costs.totals.idleMemoryGbHours).toBeLessThan(0.01);
  });

  it('integrates stranded vCPUs (memory full) and memory (vCPUs full) as the instance events give them, within 2 %', () => {
    const sums = integralsOfInstanceEvents();
    const stranded = sumRows(costs.capacity, []).at(0);
    // ECS reports a change up to TASKS.instanceChangeMax after it: around each crossing of the
    // threshold the events' step function is off by that long, which weighs more on these smaller
    // sums than on the idle ones (hence 2 %, or 0.05 h when the sum is small).
    const close = (fromEvents: number, truthValue: number): void =>
      expect(Math.abs(fromEvents - truthValue)).toBeLessThanOrEqual(Math.max(0.02 * truthValue, 0.05));
    close(sums.strandedCpu / 1024 / HOUR, stranded?.strandedVcpuHours ?? 0);
    close(sums.strandedMemory / 1024 / HOUR, stranded?.strandedMemoryGbHours ?? 0);
    expect((stranded?.strandedVcpuHours ?? 0) + (stranded?.strandedMemoryGbHours ?? 0)).toBeGreaterThan(1);
  });

  it('marks the instances that never ran a task, and gives every instance Batch scaled in its time empty before it left', () => {
    const hosts = new Set(costs.attempts.map((attempt) => attempt.containerInstanceArn));
    for (const instance of costs.instances) {
      if (instance.tasks === 0) expect(hosts.has(instance.containerInstanceArn)).toBe(false);
      expect(instance.emptySecondsBeforeScaleIn !== undefined).toBe(instance.endedBy === 'scale-in');
      expect((instance.emptySecondsBeforeScaleIn ?? 0) * 1000).toBeLessThanOrEqual(instance.deregisteredAt - instance.registeredAt);
    }
    expect(sumRows(costs.capacity, []).at(0)?.instancesThatNeverRanATask).toBe(costs.instances.filter((instance) => instance.tasks === 0).length);
  });

  it('counts the warnings as events of their family, or apart while batchmon’s schemas classify none', () => {
    const family = familyOf(warnings[0]);
    if (family === undefined) expect(truth.eventsOutsideFamilies).toEqual({ 'aws.ec2 / EC2 Spot Instance Interruption Warning': warnings.length });
    else expect([truth.eventsOutsideFamilies, truth.eventsByFamily[family]]).toEqual([{}, warnings.length]);
  });
});

describe('the cost truth', () => {
  it('is the same for the same seed, and differs for another', () => {
    const options = workloadPreset('spot-reclaims', { jobs: 120, seed: 5 });
    expect(simulateWorkload(options).truth.costs).toEqual(simulateWorkload(options).truth.costs);
    expect(simulateWorkload({ ...options, seed: 6 }).truth.costs).not.toEqual(simulateWorkload(options).truth.costs);
  });

  it('comes from the prices given: halving every price halves every cost', () => {
    const options = workloadPreset('spot-reclaims', { jobs: 120, seed: 5 });
    const half = {
      onDemandHourly: Object.fromEntries(Object.entries(DEFAULT_SIMULATION_PRICES.onDemandHourly).map(([type, price]) => [type, price / 2])),
      spotDiscount: DEFAULT_SIMULATION_PRICES.spotDiscount,
      fargate: {
        x86: { vcpuHour: DEFAULT_SIMULATION_PRICES.fargate.x86.vcpuHour / 2, gbHour: DEFAULT_SIMULATION_PRICES.fargate.x86.gbHour / 2 },
        arm: { vcpuHour: DEFAULT_SIMULATION_PRICES.fargate.arm.vcpuHour / 2, gbHour: DEFAULT_SIMULATION_PRICES.fargate.arm.gbHour / 2 },
      },
    };
    const full = simulateWorkload(options).truth.costs.totals;
    const halved = simulateWorkload({ ...options, prices: half }).truth.costs.totals;
    for (const key of ['instanceCost', 'ec2JobCost', 'fargateJobCost', 'unallocatedCost'] as const) expect(halved[key]).toBeCloseTo(full[key] / 2, 9);
    expect(halved.idleVcpuHours).toBe(full.idleVcpuHours);
  });

  it('sends no Spot warning in the default workload, whose reclaims stay unannounced', () => {
    const { events, truth } = simulateWorkload({ jobs: 120, seed: 5 });
    expect(events.filter(isSpotInterruptionWarning)).toEqual([]);
    expect(truth.eventsOutsideFamilies).toEqual({});
  });

  it('renders the Spot warning in the format the EC2 User Guide documents', () => {
    const warning = renderSpotInterruptionWarning('0b0c1d2e-3f40-4152-8637-48596a7b8c9d', Date.parse('2024-05-01T08:30:00.250Z'), 'i-0123456789abcdef0');
    const shape = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(shape) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value;
    expect(shape(warning)).toEqual(shape(documentedWarning));
    expect(warning.time).toBe('2024-05-01T08:30:00Z');
    expect(warning.resources).toEqual([`arn:aws:ec2:${warning.region}:${warning.account}:instance/i-0123456789abcdef0`]);
    expect(warning.detail['instance-action']).toBe('terminate');
  });
});
