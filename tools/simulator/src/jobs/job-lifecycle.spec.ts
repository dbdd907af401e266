import { JOB_STATUSES, jobShapeOf } from '@batchmon/event-schemas';
import { DEFAULT_BATCH_RESOURCES } from '../batch-resources/default-resources';
import { simulateWorkload } from '../simulate-workload';
import { instanceOfJob, jobHistories, jobIdOfTask, ofFamily, timeOf } from '../__fixtures__/workload-views';

const { events, truth } = simulateWorkload({ jobs: 300, seed: 21 });
const histories = jobHistories(events);
const order = (status: string) => JOB_STATUSES.indexOf(status as (typeof JOB_STATUSES)[number]);

describe('job lifecycle', () => {
  it('ends every job id in exactly one terminal state', () => {
    for (const [, history] of histories) {
      const terminal = history.filter((event) => event.detail.status === 'SUCCEEDED' || event.detail.status === 'FAILED');
      expect(terminal).toHaveLength(1);
      expect(history[history.length - 1]).toBe(terminal[0]);
    }
    expect(histories.size).toBe(truth.batchJobs);
  });

  it('never sends SUBMITTED: Batch creates no event for the submission', () => {
    expect(ofFamily(events, 'BatchJobStateChange').some((event) => event.detail.status === 'SUBMITTED')).toBe(false);
  });

  it('moves each job forward through the lifecycle, except a retry back to RUNNABLE', () => {
    for (const [, history] of histories) {
      for (let index = 1; index < history.length; index += 1) {
        const before = history[index - 1]?.detail.status ?? 'SUBMITTED';
        const after = history[index]?.detail.status ?? 'SUBMITTED';
        const retry = after === 'RUNNABLE' && (before === 'STARTING' || before === 'RUNNING');
        expect(retry || order(after) > order(before)).toBe(true);
      }
    }
  });

  it('stamps createdAt, startedAt and stoppedAt consistently with the event times', () => {
    for (const [, history] of histories) {
      const terminal = history[history.length - 1];
      const detail = terminal?.detail;
      if (detail === undefined || terminal === undefined) continue;
      expect(detail.stoppedAt).toBeDefined();
      expect(Math.floor((detail.stoppedAt ?? 0) / 1000) * 1000).toBe(timeOf(terminal));
      expect(detail.createdAt).toBeLessThanOrEqual(detail.stoppedAt ?? 0);
      if (detail.startedAt !== undefined) expect(detail.startedAt).toBeGreaterThanOrEqual(detail.createdAt ?? Infinity);
      const running = history.find((event) => event.detail.status === 'RUNNING');
      if (running !== undefined) expect(running.detail.startedAt).toBe(detail.startedAt);
    }
  });

  it("never reports a job RUNNING before its container instance registered", () => {
    const registeredAt = new Map<string, number>();
    for (const call of ofFamily(events, 'EcsContainerInstanceRegistrationCall')) {
      const arn = call.detail.responseElements?.containerInstance.containerInstanceArn;
      if (call.detail.eventName === 'RegisterContainerInstance' && arn !== undefined) registeredAt.set(arn, timeOf(call));
    }
    let checked = 0;
    for (const event of ofFamily(events, 'BatchJobStateChange')) {
      const instance = instanceOfJob(event);
      if (event.detail.status !== 'RUNNING' || instance === undefined) continue;
      const registration = registeredAt.get(instance);
      expect(registration).toBeDefined();
      expect(timeOf(event)).toBeGreaterThanOrEqual(registration ?? Infinity);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('runs Fargate jobs without a container instance, in tasks of launch type FARGATE', () => {
    const fargate = ofFamily(events, 'BatchJobStateChange').filter((event) => event.detail.platformCapabilities?.includes('FARGATE'));
    expect(fargate.length).toBeGreaterThan(0);
    expect(fargate.every((event) => event.detail.container?.containerInstanceArn === undefined)).toBe(true);
    const fargateIds = new Set(fargate.map((event) => event.detail.jobId));
    const tasks = ofFamily(events, 'EcsTaskStateChange').filter((task) => fargateIds.has(jobIdOfTask(task) ?? ''));
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((task) => task.detail.launchType === 'FARGATE' && task.detail.containerInstanceArn === undefined)).toBe(true);
  });

  it('never places an array parent: only its children get tasks and instances', () => {
    const parents = ofFamily(events, 'BatchJobStateChange').filter((event) => jobShapeOf(event.detail) === 'arrayParent');
    expect(parents.length).toBeGreaterThan(0);
    expect(parents.every((event) => instanceOfJob(event) === undefined && event.detail.container?.taskArn === undefined)).toBe(true);
    expect(parents.every((event) => ['PENDING', 'SUCCEEDED', 'FAILED'].includes(event.detail.status))).toBe(true);
    const parentIds = new Set(parents.map((event) => event.detail.jobId));
    expect(ofFamily(events, 'EcsTaskStateChange').some((task) => parentIds.has(jobIdOfTask(task) ?? ''))).toBe(false);
    const children = ofFamily(events, 'BatchJobStateChange').filter((event) => parentIds.has(event.detail.jobId.split(':')[0] ?? ''));
    expect(children.some((event) => event.detail.status === 'RUNNING' && instanceOfJob(event) !== undefined)).toBe(true);
  });

  it('summarises an array parent with its children per state, all finished at its end', () => {
    const parentEnds = ofFamily(events, 'BatchJobStateChange').filter(
      (event) => jobShapeOf(event.detail) === 'arrayParent' && event.detail.status !== 'PENDING',
    );
    for (const end of parentEnds) {
      const summary = end.detail.arrayProperties?.statusSummary ?? {};
      expect((summary['SUCCEEDED'] ?? 0) + (summary['FAILED'] ?? 0)).toBe(end.detail.arrayProperties?.size);
    }
  });

  it('runs each node of a multi-node job on its own instance, the main node first', () => {
    const nodes = ofFamily(events, 'BatchJobStateChange').filter((event) => event.detail.nodeDetails !== undefined);
    const jobs = new Map<string, typeof nodes>();
    for (const node of nodes) {
      const base = node.detail.jobId.split('#')[0] ?? '';
      jobs.set(base, [...(jobs.get(base) ?? []), node]);
    }
    expect(jobs.size).toBeGreaterThan(0);
    for (const [base, nodeEvents] of jobs) {
      const starting = nodeEvents.filter((event) => event.detail.status === 'STARTING');
      expect(starting[0]?.detail.nodeDetails).toEqual({ nodeIndex: 0, isMainNode: true });
      expect(starting.filter((event) => event.detail.nodeDetails?.isMainNode === true)).toHaveLength(1);
      const instances = starting.map(instanceOfJob);
      expect(new Set(instances).size).toBe(starting.length);
      expect(starting.every((event) => event.detail.jobId === `${base}#${event.detail.nodeDetails?.nodeIndex}`)).toBe(true);
      const parent = histories.get(base) ?? [];
      expect(parent.map((event) => event.detail.status)).toEqual(['RUNNABLE', 'STARTING', 'RUNNING', parent[3]?.detail.status]);
      expect(parent.every((event) => instanceOfJob(event) === undefined)).toBe(true);
    }
  });

  it('gives EKS jobs a pod and a node and no ECS task', () => {
    const eks = ofFamily(events, 'BatchJobStateChange').filter((event) => jobShapeOf(event.detail) === 'eks');
    expect(eks.length).toBeGreaterThan(0);
    const running = eks.filter((event) => event.detail.status === 'RUNNING');
    expect(running.every((event) => event.detail.eksProperties?.podProperties?.nodeName?.endsWith('.ec2.internal'))).toBe(true);
    const eksIds = new Set(eks.map((event) => event.detail.jobId));
    expect(ofFamily(events, 'EcsTaskStateChange').some((task) => eksIds.has(jobIdOfTask(task) ?? ''))).toBe(false);
  });

  it('retries a failed attempt while the retry strategy allows, showing the earlier attempt', () => {
    const retried = ofFamily(events, 'BatchJobStateChange').filter(
      (event) => event.detail.status === 'RUNNABLE' && (event.detail.attempts?.length ?? 0) > 0,
    );
    expect(retried.length).toBeGreaterThan(0);
    for (const event of retried) expect(event.detail.attempts?.length).toBeLessThan(event.detail.retryStrategy?.attempts ?? 0);
  });

  it('holds dependent jobs in PENDING until the job they depend on ends', () => {
    const pending = ofFamily(events, 'BatchJobStateChange').filter(
      (event) => event.detail.status === 'PENDING' && (event.detail.dependsOn?.length ?? 0) > 0,
    );
    expect(pending.length).toBeGreaterThan(0);
    for (const event of pending) {
      const dependency = event.detail.dependsOn?.[0]?.jobId ?? '';
      const end = (histories.get(dependency) ?? []).find((e) => e.detail.status === 'SUCCEEDED' || e.detail.status === 'FAILED');
      const next = (histories.get(event.detail.jobId) ?? []).find((e) => e.detail.status !== 'PENDING');
      expect(end).toBeDefined();
      expect(timeOf(next ?? event)).toBeGreaterThanOrEqual(timeOf(end ?? event));
    }
  });
});

describe('blocked queues', () => {
  const blocking = simulateWorkload({ jobs: 150, seed: 4, blockingJobRate: 0.05 });

  it('reports a job no compute environment can run as blocking its queue, then cancels it', () => {
    const blocked = ofFamily(blocking.events, 'BatchJobQueueBlocked');
    expect(blocked.length).toBeGreaterThan(0);
    const jobs = jobHistories(blocking.events);
    for (const event of blocked) {
      const history = jobs.get(event.detail.jobId ?? '') ?? [];
      expect(history.map((e) => e.detail.status)).toEqual(['RUNNABLE', 'FAILED']);
      expect(history[1]?.detail.statusReason).toMatch(/^MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT/);
      expect(timeOf(event)).toBeGreaterThan(timeOf(history[0] ?? event));
    }
    expect(blocking.truth.blockedQueues.reduce((sum, row) => sum + row.count, 0)).toBe(blocked.length);
  });

  it('blocks the queue, then fails the job, when its compute environments can never grow large enough', () => {
    const tiny = simulateWorkload({
      jobs: 3,
      shapeMix: { container: 1 },
      blockingJobRate: 0,
      resources: {
        computeEnvironments: [{ name: 'tiny', kind: 'EC2', instanceTypes: ['m5.large'], availabilityZones: ['us-east-1a'], maxvCpus: 1 }],
        jobQueues: [{ name: 'small', priority: 1, computeEnvironments: ['tiny'] }],
        jobDefinitions: DEFAULT_BATCH_RESOURCES.jobDefinitions.filter((definition) => definition.name === 'etl-extract'),
      },
    });
    expect(tiny.truth.terminalJobs).toEqual({ SUCCEEDED: 0, FAILED: 3 });
    expect(tiny.truth.blockedQueues).toEqual([{ jobQueue: 'small', reason: 'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE', count: 3 }]);
    expect(tiny.truth.instances.registrations).toEqual([]);
  });
});
