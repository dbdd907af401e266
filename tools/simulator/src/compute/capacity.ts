import { BATCH_LAUNCH_TEMPLATE_MARKER } from '@batchmon/event-schemas';
import type { InstanceTypeSpec } from '../batch-resources/instance-types';
import { INSTANCES, TASKS } from '../constants';
import { renderCreateAutoScalingGroupCall } from '../events/auto-scaling-groups';
import { renderContainerInstanceStateChange, renderRegistrationCall } from '../events/container-instances';
import { abortAttempt } from '../jobs/attempts';
import type { Simulation } from '../simulation';
import { arn } from '../events/aws-arns';
import { instanceView, type ComputeEnvironmentState, type Resources, type SimInstance } from './compute-environment-state';

/** A stable subnet id per Availability Zone (one subnet per zone in the simulated VPC). */
export function subnetOf(zone: string): string {
  return `subnet-0${Buffer.from(zone).toString('hex').slice(-4)}9e8d7c6b5a4f3`;
}

function cloudTrailIds(sim: Simulation) {
  return { eventId: sim.ids.uuid(), cloudTrailEventId: sim.ids.uuid(), requestId: sim.ids.uuid() };
}

/** Emits the instance's current state (resources, agent, status) as ECS reports it on every change. */
export function emitInstanceState(sim: Simulation, instance: SimInstance): void {
  instance.version += 1;
  sim.emit(renderContainerInstanceStateChange(sim.ids.uuid(), sim.now, instanceView(instance)));
}

/** Emits the instance's state a moment from now (ECS reports changes shortly after they happen). */
export function reportInstanceStateSoon(sim: Simulation, instance: SimInstance): void {
  // Changes made before the report goes out (several placements of one pass) share one report.
  if (instance.reportPending) return;
  instance.reportPending = true;
  sim.after(sim.random.between(TASKS.instanceChangeMin, TASKS.instanceChangeMax), () => {
    instance.reportPending = false;
    if (instance.status === 'ACTIVE') emitInstanceState(sim, instance);
  });
}

function createAutoScalingGroup(sim: Simulation, ce: ComputeEnvironmentState): void {
  const name = `${ce.name}-asg-${sim.ids.uuid()}`;
  ce.autoScalingGroupName = name;
  sim.emit(
    renderCreateAutoScalingGroupCall({
      ids: cloudTrailIds(sim),
      at: sim.now,
      autoScalingGroupName: name,
      launchTemplateName: `${BATCH_LAUNCH_TEMPLATE_MARKER}${sim.ids.uuid()}`,
      spot: ce.spec.kind === 'SPOT',
      instanceTypes: ce.spec.instanceTypes,
      maxvCpus: ce.spec.maxvCpus,
      subnets: ce.spec.availabilityZones.map(subnetOf),
      computeEnvironmentArn: ce.arn,
    }),
  );
  sim.truth.autoScalingGroupCreated(name);
}

/**
 * Launches one instance: Batch raises the group's desired capacity (creating the group the first
 * time the compute environment scales), the instance boots, and its ECS agent registers it.
 */
export function launchInstance(sim: Simulation, ce: ComputeEnvironmentState, type: InstanceTypeSpec): SimInstance {
  if (ce.autoScalingGroupName === undefined) createAutoScalingGroup(sim, ce);
  const instance: SimInstance = {
    ce,
    type,
    availabilityZone: sim.random.pick(ce.spec.availabilityZones),
    ec2InstanceId: sim.ids.ec2InstanceId(),
    containerInstanceArn: arn('ecs', `container-instance/${ce.clusterName}/${sim.ids.ecsId()}`),
    privateIp: sim.ids.privateIp(),
    status: 'BOOTING',
    agentConnected: false,
    remainingCpu: type.registeredCpu,
    remainingMemory: type.registeredMemory,
    heldCpu: 0,
    heldMemory: 0,
    attempts: new Set(),
    holds: 0,
    pendingTasks: 0,
    version: 0,
    registeredAt: 0,
    idleToken: 0,
    reportPending: false,
  };
  ce.instances.add(instance);
  const boot = Math.min(INSTANCES.bootMax, Math.max(INSTANCES.bootMin, sim.random.logNormal(INSTANCES.bootMedian, INSTANCES.bootSigma)));
  // Normally EC2 launches it and its agent registers it after `boot`; a stuck situation may intervene.
  sim.situations.launch(instance, boot, () => registerInstance(sim, instance));
  return instance;
}

function registerInstance(sim: Simulation, instance: SimInstance): void {
  instance.status = 'ACTIVE';
  instance.agentConnected = true;
  instance.registeredAt = sim.now;
  instance.version = 1;
  sim.emit(renderRegistrationCall(cloudTrailIds(sim), sim.now, 'RegisterContainerInstance', instanceView(instance)));
  sim.truth.instanceRegistered({
    computeEnvironment: instance.ce.name,
    availabilityZone: instance.availabilityZone,
    instanceType: instance.type.name,
    cpuArchitecture: instance.type.cpuArchitecture,
  });
  // ECS announces the new instance with its full resources as it registers, before Batch can place anything on it.
  emitInstanceState(sim, instance);
  sim.scheduler.request(sim.random.between(1500, 4000));
  markIdle(sim, instance);
  if (instance.ce.spec.kind === 'SPOT' && sim.random.chance(sim.options.spotInterruptionRate)) {
    sim.after(sim.random.between(INSTANCES.spotInterruptionAfterMin, INSTANCES.spotInterruptionAfterMax), () => reclaimSpotInstance(sim, instance));
  }
  if (sim.random.chance(sim.options.agentDisconnectRate)) {
    sim.after(sim.random.between(INSTANCES.agentDisconnectAfterMin, INSTANCES.agentDisconnectAfterMax), () => disconnectAgent(sim, instance));
  }
  sim.situations.registered(instance);
}

/** Starts the idle timer: if nothing runs on the instance until it fires, Batch scales it in. */
export function markIdle(sim: Simulation, instance: SimInstance): void {
  instance.idleToken += 1;
  const token = instance.idleToken;
  sim.after(sim.random.between(INSTANCES.idleBeforeScaleInMin, INSTANCES.idleBeforeScaleInMax), () => {
    if (instance.idleToken !== token || instance.status !== 'ACTIVE') return;
    if (instance.attempts.size > 0 || instance.holds > 0) return;
    deregisterInstance(sim, instance);
  });
}

/** Takes an instance out of its cluster: Batch deregisters it and ECS reports it INACTIVE. */
export function deregisterInstance(sim: Simulation, instance: SimInstance): void {
  instance.status = 'INACTIVE';
  instance.agentConnected = false;
  instance.ce.instances.delete(instance);
  instance.remainingCpu = instance.type.registeredCpu;
  instance.remainingMemory = instance.type.registeredMemory;
  sim.emit(renderRegistrationCall(cloudTrailIds(sim), sim.now, 'DeregisterContainerInstance', instanceView(instance)));
  sim.situations.terminated(instance);
  sim.truth.instanceDeregistered({
    computeEnvironment: instance.ce.name,
    availabilityZone: instance.availabilityZone,
    instanceType: instance.type.name,
    cpuArchitecture: instance.type.cpuArchitecture,
  });
  sim.after(sim.random.between(500, 3000), () => {
    instance.version += 1;
    sim.emit(renderContainerInstanceStateChange(sim.ids.uuid(), sim.now, instanceView(instance)));
  });
}

/** A task was placed on the instance: ECS reserves its resources. */
export function reserve(sim: Simulation, instance: SimInstance, need: Resources): void {
  instance.remainingCpu -= need.cpu;
  instance.remainingMemory -= need.memory;
  instance.pendingTasks += 1;
  instance.idleToken += 1;
  reportInstanceStateSoon(sim, instance);
}

/** A task stopped on the instance: ECS frees its resources. */
export function release(sim: Simulation, instance: SimInstance, need: Resources, wasPending: boolean): void {
  instance.remainingCpu += need.cpu;
  instance.remainingMemory += need.memory;
  if (wasPending) instance.pendingTasks -= 1;
  if (instance.status !== 'ACTIVE') return;
  emitInstanceState(sim, instance);
  if (instance.attempts.size === 0 && instance.holds === 0) markIdle(sim, instance);
  sim.scheduler.request(sim.random.between(1000, 4000));
}

function reclaimSpotInstance(sim: Simulation, instance: SimInstance): void {
  if (instance.status !== 'ACTIVE') return;
  // A multi-node job spans instances; interrupting one node is out of scope, so its instances are spared.
  if (instance.holds > 0 || [...instance.attempts].some((attempt) => attempt.job.multiNode !== undefined)) return;
  const reason = `Host EC2 (instance ${instance.ec2InstanceId}) terminated.`;
  for (const attempt of [...instance.attempts]) abortAttempt(sim, attempt, reason);
  deregisterInstance(sim, instance);
}

function disconnectAgent(sim: Simulation, instance: SimInstance): void {
  if (instance.status !== 'ACTIVE') return;
  instance.agentConnected = false;
  emitInstanceState(sim, instance);
  sim.after(sim.random.between(INSTANCES.agentDisconnectForMin, INSTANCES.agentDisconnectForMax), () => {
    // A stuck situation may hold the agent disconnected for longer.
    if (instance.status !== 'ACTIVE' || sim.situations.holdsAgent(instance)) return;
    instance.agentConnected = true;
    emitInstanceState(sim, instance);
    sim.scheduler.request(sim.random.between(1000, 4000));
  });
}
