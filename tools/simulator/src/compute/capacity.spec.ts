import { BATCH_LAUNCH_TEMPLATE_MARKER, containerInstanceFacts, isBatchCluster } from '@batchmon/event-schemas';
import { DEFAULT_BATCH_RESOURCES } from '../batch-resources/default-resources';
import { simulateWorkload } from '../simulate-workload';
import { ceOfCluster, instanceOfJob, ofFamily, timeOf } from '../__fixtures__/workload-views';

const { events, truth } = simulateWorkload({ jobs: 300, seed: 31 });
const calls = ofFamily(events, 'EcsContainerInstanceRegistrationCall');
const arnOf = (call: (typeof calls)[number]) => call.detail.responseElements?.containerInstance.containerInstanceArn ?? '';

describe('capacity', () => {
  it('creates one Auto Scaling group per EC2 compute environment, with a Batch launch template, before its first instance', () => {
    const groups = ofFamily(events, 'AutoScalingGroupCreationCall');
    const environments = groups.map((group) => group.detail.requestParameters.autoScalingGroupName.replace(/-asg-.*$/, ''));
    expect(environments.sort()).toEqual(['ondemand-ec2', 'spot-ec2']);
    for (const group of groups) {
      const request = group.detail.requestParameters;
      const template = request.launchTemplate?.launchTemplateName ?? request.mixedInstancesPolicy?.launchTemplate?.launchTemplateSpecification?.launchTemplateName;
      expect(template?.startsWith(BATCH_LAUNCH_TEMPLATE_MARKER)).toBe(true);
      const ce = request.autoScalingGroupName.replace(/-asg-.*$/, '');
      const firstRegistration = calls.find((call) => ceOfCluster(call.detail.requestParameters.cluster) === ce);
      expect(timeOf(group)).toBeLessThanOrEqual(timeOf(firstRegistration ?? group));
    }
  });

  it('registers instances with their AZ, type, architecture, AMI and resources, in both cluster name formats', () => {
    const registrations = calls.filter((call) => call.detail.eventName === 'RegisterContainerInstance');
    expect(registrations.length).toBeGreaterThan(0);
    const kinds = new Set<string>();
    for (const call of registrations) {
      const facts = containerInstanceFacts(call.detail.responseElements?.containerInstance ?? {});
      const ce = DEFAULT_BATCH_RESOURCES.computeEnvironments.find((spec) => spec.name === ceOfCluster(call.detail.requestParameters.cluster));
      expect(ce?.instanceTypes).toContain(facts.instanceType);
      expect(ce?.availabilityZones).toContain(facts.availabilityZone);
      expect(facts.amiId).toMatch(/^ami-/);
      expect(facts.registeredCpu).toBeGreaterThan(0);
      kinds.add(`${facts.cpuArchitecture}`);
      kinds.add(call.detail.requestParameters.cluster.startsWith('AWSBatch-') ? 'current' : 'legacy');
    }
    expect([...kinds].sort()).toEqual(['arm64', 'current', 'legacy', 'x86_64']);
  });

  it('deregisters every instance by the end, after the last job on it stopped', () => {
    const deregisteredAt = new Map(calls.filter((call) => call.detail.eventName === 'DeregisterContainerInstance').map((call) => [arnOf(call), timeOf(call)]));
    const registered = calls.filter((call) => call.detail.eventName === 'RegisterContainerInstance').map(arnOf);
    expect(new Set(deregisteredAt.keys())).toEqual(new Set(registered));
    for (const job of ofFamily(events, 'BatchJobStateChange')) {
      const instance = instanceOfJob(job);
      if (instance === undefined || !['STARTING', 'RUNNING'].includes(job.detail.status)) continue;
      expect(timeOf(job)).toBeLessThanOrEqual(deregisteredAt.get(instance) ?? -Infinity);
    }
    const inactive = ofFamily(events, 'EcsContainerInstanceStateChange').filter((event) => event.detail.status === 'INACTIVE');
    expect(inactive.length).toBe(deregisteredAt.size);
  });

  it('reports remaining resources between zero and what the instance registered', () => {
    const changes = ofFamily(events, 'EcsContainerInstanceStateChange').filter((event) => isBatchCluster(event.detail.clusterArn));
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      const facts = containerInstanceFacts(change.detail);
      expect(facts.remainingCpu).toBeGreaterThanOrEqual(0);
      expect(facts.remainingMemory).toBeGreaterThanOrEqual(0);
      expect(facts.remainingCpu).toBeLessThanOrEqual(facts.registeredCpu ?? 0);
      expect(facts.remainingMemory).toBeLessThanOrEqual(facts.registeredMemory ?? 0);
    }
  });

  it('places Batch tasks with the job, queue and compute environment in every container override', () => {
    const tasks = ofFamily(events, 'EcsTaskStateChange').filter((task) => isBatchCluster(task.detail.clusterArn));
    for (const task of tasks) {
      for (const override of task.detail.overrides?.containerOverrides ?? []) {
        const names = Array.isArray(override.environment) ? override.environment.map((entry) => entry.name) : [];
        expect(names).toEqual(expect.arrayContaining(['AWS_BATCH_JOB_ID', 'AWS_BATCH_JQ_NAME', 'AWS_BATCH_CE_NAME']));
      }
      expect(task.detail.availabilityZone).toMatch(/^us-east-1[abc]$/);
      expect(task.detail.launchType === 'FARGATE').toBe(task.detail.containerInstanceArn === undefined);
    }
    expect(truth.jobsPlaced.length).toBeGreaterThan(0);
  });
});

describe('placement failures', () => {
  it('appear when capacity is short: RunTask names the instance and the missing resource', () => {
    const tight = simulateWorkload({
      jobs: 120,
      seed: 2,
      shapeMix: { container: 1 },
      resources: {
        ...DEFAULT_BATCH_RESOURCES,
        computeEnvironments: DEFAULT_BATCH_RESOURCES.computeEnvironments.map((ce) => ({ ...ce, maxvCpus: Math.min(ce.maxvCpus, 16) })),
      },
    });
    const failed = ofFamily(tight.events, 'EcsRunTaskCall').filter((call) => (call.detail.responseElements?.failures?.length ?? 0) > 0);
    expect(failed.length).toBeGreaterThan(0);
    for (const call of failed) {
      expect(call.detail.responseElements?.tasks).toEqual([]);
      const failure = call.detail.responseElements?.failures?.[0];
      expect(['RESOURCE:CPU', 'RESOURCE:MEMORY', 'AGENT']).toContain(failure?.reason);
      expect(failure?.arn).toContain(`container-instance/${call.detail.requestParameters.cluster.split('/').pop()}/`);
    }
    expect(tight.truth.placementFailures.some((row) => row.reason.startsWith('RESOURCE:'))).toBe(true);
  });

  it('name AGENT when Batch sends a task to an instance whose agent disconnected', () => {
    const flaky = simulateWorkload({ jobs: 200, seed: 6, agentDisconnectRate: 1 });
    const disconnected = new Set(
      ofFamily(flaky.events, 'EcsContainerInstanceStateChange')
        .filter((event) => event.detail.status === 'ACTIVE' && event.detail.agentConnected === false)
        .map((event) => event.detail.containerInstanceArn),
    );
    const agentFailures = ofFamily(flaky.events, 'EcsRunTaskCall').flatMap((call) =>
      (call.detail.responseElements?.failures ?? []).filter((failure) => failure.reason === 'AGENT'),
    );
    expect(agentFailures.length).toBeGreaterThan(0);
    expect(agentFailures.every((failure) => disconnected.has(failure.arn ?? ''))).toBe(true);
  });

  it('hit only instances that another placement filled at the same moment (a stale view, not a random fault)', () => {
    const tight = simulateWorkload({ jobs: 150, seed: 3, shapeMix: { container: 1 }, agentDisconnectRate: 0 });
    const runTasks = ofFamily(tight.events, 'EcsRunTaskCall');
    const placedAt = new Set(
      runTasks.flatMap((call) => (call.detail.responseElements?.tasks ?? []).map((task) => `${task.containerInstanceArn}@${call.time}`)),
    );
    const failures = runTasks.flatMap((call) => (call.detail.responseElements?.failures ?? []).map((failure) => `${failure.arn}@${call.time}`));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.filter((failure) => !placedAt.has(failure))).toEqual([]);
  });
});

describe('Spot interruptions', () => {
  it('stop the tasks on a reclaimed instance and fail or retry their jobs', () => {
    const reclaimed = simulateWorkload({ jobs: 200, seed: 9, spotInterruptionRate: 1 });
    const stopped = ofFamily(reclaimed.events, 'EcsTaskStateChange').filter((task) => task.detail.stopCode === 'TerminationNotice');
    expect(stopped.length).toBeGreaterThan(0);
    const reasons = ofFamily(reclaimed.events, 'BatchJobStateChange')
      .flatMap((event) => event.detail.attempts ?? [])
      .filter((attempt) => attempt.statusReason?.startsWith('Host EC2'));
    expect(reasons.length).toBeGreaterThan(0);
  });
});
