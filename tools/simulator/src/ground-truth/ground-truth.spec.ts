import {
  containerInstanceFacts,
  jobDefinitionName,
  jobQueueName,
  runTaskBatchContext,
  type JobStatus,
} from '@batchmon/event-schemas';
import { simulateWorkload } from '../simulate-workload';
import { ceOfCluster, instanceOfJob, isNonBatchEvent, ofFamily, timeOf, truthOfWhatHappened } from '../__fixtures__/workload-views';
import { tally, total, type FinishedJob } from './ground-truth';

type Row = Record<string, unknown> & { count: number };

/** Counts objects by all their fields, sorted, like the truth's rows. */
function rows(items: readonly Record<string, unknown>[]): Row[] {
  const counts = new Map<string, Row>();
  for (const item of items) {
    const defined = Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));
    const key = JSON.stringify(Object.entries(defined).sort());
    const row = counts.get(key);
    if (row === undefined) counts.set(key, { ...defined, count: 1 });
    else row.count += 1;
  }
  return sortRows([...counts.values()]);
}

function sortRows<R extends object>(items: readonly R[]): R[] {
  const key = (row: R) => JSON.stringify(Object.entries(row).sort());
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe('ground truth', () => {
  // Delivery faults on: the truth must still be what a deduplicating consumer derives from the events.
  const { events, truth } = simulateWorkload({ jobs: 250, seed: 8, duplicateRate: 0.05, reorderRate: 0.05 });
  const distinct = [...new Map(events.map((event) => [event.id, event])).values()];

  const instances = new Map<string, { computeEnvironment?: string; availabilityZone?: string; instanceType?: string; cpuArchitecture?: string }>();
  const registrations: Record<string, unknown>[] = [];
  const deregistrations: Record<string, unknown>[] = [];
  for (const call of ofFamily(distinct, 'EcsContainerInstanceRegistrationCall')) {
    const instance = call.detail.responseElements?.containerInstance;
    if (instance === undefined) continue;
    const facts = containerInstanceFacts(instance);
    const row = {
      computeEnvironment: ceOfCluster(call.detail.requestParameters.cluster),
      availabilityZone: facts.availabilityZone,
      instanceType: facts.instanceType,
      cpuArchitecture: facts.cpuArchitecture,
    };
    if (call.detail.eventName === 'RegisterContainerInstance') {
      instances.set(instance.containerInstanceArn, row);
      registrations.push(row);
    } else {
      deregistrations.push(row);
    }
  }

  it('counts instance registrations and deregistrations as the registration calls show them', () => {
    expect(sortRows(truth.instances.registrations)).toEqual(rows(registrations));
    expect(sortRows(truth.instances.deregistrations)).toEqual(rows(deregistrations));
  });

  it('counts each job state once per job, with the placement its event names', () => {
    const seen = new Set<string>();
    const transitions: Record<string, unknown>[] = [];
    for (const event of [...ofFamily(distinct, 'BatchJobStateChange')].sort((a, b) => timeOf(a) - timeOf(b))) {
      const key = `${event.detail.jobId}/${event.detail.status}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const placed = ['STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'].includes(event.detail.status);
      const instanceArn = instanceOfJob(event);
      const instance = placed && instanceArn !== undefined ? instances.get(instanceArn) : undefined;
      transitions.push({
        state: event.detail.status,
        jobQueue: jobQueueName(event.detail.jobQueue),
        jobDefinition: jobDefinitionName(event.detail.jobDefinition),
        computeEnvironment: instance?.computeEnvironment,
        availabilityZone: instance?.availabilityZone,
        instanceType: instance?.instanceType,
      });
    }
    expect(sortRows(truth.jobStateTransitions)).toEqual(rows(transitions));
  });

  it('takes the jobs in each live state at every minute as the job state changes before it, in simulated time, show them', () => {
    const jobEvents = [...ofFamily(distinct, 'BatchJobStateChange')].sort((a, b) => timeOf(a) - timeOf(b));
    const [first] = jobEvents;
    if (first === undefined) throw new Error('ground truth: expected job state changes in the workload, found none');
    const firstMinute = Math.floor(timeOf(first) / 60_000) * 60_000 + 60_000;
    expect(truth.liveJobs.length).toBeGreaterThan(10);
    truth.liveJobs.forEach((taken, index) => {
      const minute = firstMinute + index * 60_000;
      expect(taken.minute).toBe(new Date(minute).toISOString().replace('.000Z', 'Z'));
      const current = new Map<string, { state: string; jobQueue: string; computeEnvironment?: string; at: number }>();
      for (const event of jobEvents) {
        if (timeOf(event) >= minute) break;
        const instanceArn = instanceOfJob(event);
        const placed = ['STARTING', 'RUNNING'].includes(event.detail.status) && instanceArn !== undefined ? instances.get(instanceArn)?.computeEnvironment : undefined;
        current.set(event.detail.jobId, { state: event.detail.status, jobQueue: jobQueueName(event.detail.jobQueue) ?? '', computeEnvironment: placed, at: timeOf(event) });
      }
      const live = [...current.values()].filter((job) => job.state !== 'SUCCEEDED' && job.state !== 'FAILED');
      const byQueue = rows(live.map((job) => ({ state: job.state, jobQueue: job.jobQueue })));
      const byComputeEnvironment = rows(live.filter((job) => job.computeEnvironment !== undefined).map((job) => ({ state: job.state, computeEnvironment: job.computeEnvironment })));
      expect(sortRows(taken.jobs)).toEqual(sortRows([...byQueue, ...byComputeEnvironment]));
      const waits = live.map((job) => [job.jobQueue, job.state === 'RUNNABLE' ? (minute - job.at) / 1000 : 0] as const);
      expect(taken.oldestRunnableSeconds).toEqual(Object.fromEntries([...new Set(live.map((job) => job.jobQueue))].map((queue) => [queue, Math.max(...waits.filter(([q]) => q === queue).map(([, wait]) => wait))])));
    });
  });

  it('counts RunTask calls, the failed ones, placements and placement failures as the RunTask calls show them', () => {
    const calls: Record<string, unknown>[] = [];
    const failedCalls: Record<string, unknown>[] = [];
    const placed: Record<string, unknown>[] = [];
    const failures: Record<string, unknown>[] = [];
    for (const call of ofFamily(distinct, 'EcsRunTaskCall')) {
      if (isNonBatchEvent(call)) continue;
      const context = runTaskBatchContext(call);
      calls.push({ jobQueue: context.jobQueueName, computeEnvironment: context.computeEnvironmentName });
      if ((call.detail.responseElements?.failures ?? []).length > 0) failedCalls.push({ jobQueue: context.jobQueueName, computeEnvironment: context.computeEnvironmentName });
      for (const task of call.detail.responseElements?.tasks ?? []) {
        placed.push({
          launchType: task.launchType,
          computeEnvironment: context.computeEnvironmentName,
          jobQueue: context.jobQueueName,
          availabilityZone: task.availabilityZone,
          instanceType: task.containerInstanceArn === undefined ? undefined : instances.get(task.containerInstanceArn)?.instanceType,
        });
      }
      for (const failure of call.detail.responseElements?.failures ?? []) {
        failures.push({ reason: failure.reason, computeEnvironment: context.computeEnvironmentName, jobQueue: context.jobQueueName });
      }
    }
    expect(sortRows(truth.runTaskCalls)).toEqual(rows(calls));
    expect(sortRows(truth.failedRunTaskCalls)).toEqual(rows(failedCalls));
    expect(sortRows(truth.jobsPlaced)).toEqual(rows(placed));
    expect(sortRows(truth.placementFailures)).toEqual(rows(failures));
  });

  it('counts blocked queues, created Auto Scaling groups and non-Batch events as delivered', () => {
    const blocked = ofFamily(distinct, 'BatchJobQueueBlocked').map((event) => ({
      jobQueue: jobQueueName(event.detail.jobQueue),
      reason: event.detail.statusReason.split(' - ')[0],
    }));
    expect(sortRows(truth.blockedQueues)).toEqual(rows(blocked));
    expect([...truth.autoScalingGroupsCreated].sort()).toEqual(
      ofFamily(distinct, 'AutoScalingGroupCreationCall').map((call) => call.detail.requestParameters.autoScalingGroupName).sort(),
    );
    expect(truth.nonBatchEvents).toBe(distinct.filter(isNonBatchEvent).length);
  });

  it('counts the submissions by queue as the SubmitJob calls name it, by name or by ARN', () => {
    const calls = ofFamily(distinct, 'BatchJobSubmissionCall');
    expect(sortRows(truth.jobsSubmitted)).toEqual(rows(calls.map((call) => ({ jobQueue: jobQueueName(call.detail.requestParameters.jobQueue ?? '') }))));
    expect(calls.some((call) => call.detail.requestParameters.jobQueue?.startsWith('arn:') === true)).toBe(true);
    expect(total(truth.jobsSubmitted)).toBe(truth.submissions);
  });

  it('ends with the configuration the create and update calls describe, applied in the order they were made', () => {
    const configured = new Map<string, Record<string, unknown>>();
    const calls = [...ofFamily(distinct, 'BatchConfigurationCall')].sort((a, b) => timeOf(a) - timeOf(b));
    expect(calls.map((call) => call.detail.eventName)).toContain('UpdateComputeEnvironment');
    for (const { detail } of calls) {
      if (detail.eventName === 'CreateComputeEnvironment') {
        const resources = detail.requestParameters.computeResources;
        configured.set(`compute-environment#${detail.requestParameters.computeEnvironmentName ?? ''}`, {
          type: detail.requestParameters.type,
          state: detail.requestParameters.state,
          maxvCpus: resources?.maxvCpus,
          instanceTypes: resources?.instanceTypes ?? null,
          provisioningModel: resources?.type,
          allocationStrategy: resources?.allocationStrategy ?? null,
          orchestration: detail.requestParameters.eksConfiguration === undefined ? 'ECS' : 'EKS',
          deleted: false,
        });
      } else if (detail.eventName === 'CreateJobQueue') {
        configured.set(`job-queue#${detail.requestParameters.jobQueueName ?? ''}`, {
          state: detail.requestParameters.state,
          priority: detail.requestParameters.priority,
          computeEnvironments: (detail.requestParameters.computeEnvironmentOrder ?? []).map((entry) => entry.computeEnvironment?.split('/').at(-1)),
          deleted: false,
        });
      } else if (detail.eventName === 'UpdateComputeEnvironment') {
        const key = `compute-environment#${detail.requestParameters.computeEnvironment?.split('/').at(-1) ?? ''}`;
        configured.set(key, { ...configured.get(key), allocationStrategy: detail.requestParameters.computeResources?.allocationStrategy });
      }
    }
    expect(Object.fromEntries(truth.configuration.map((resource) => [`${resource.kind}#${resource.name}`, resource.fields]))).toEqual(Object.fromEntries(configured));
  });

  it('records every finished job with durations between the first event times of its states', () => {
    const first = new Map<string, Partial<Record<JobStatus, number>>>();
    for (const event of ofFamily(distinct, 'BatchJobStateChange')) {
      const times = first.get(event.detail.jobId) ?? {};
      times[event.detail.status] = Math.min(times[event.detail.status] ?? Infinity, timeOf(event));
      first.set(event.detail.jobId, times);
    }
    expect(truth.finishedJobs).toHaveLength(first.size);
    const seconds = (times: Partial<Record<JobStatus, number>>, from: JobStatus, to: JobStatus) => {
      const start = times[from];
      const end = times[to];
      return start === undefined || end === undefined ? undefined : (end - start) / 1000;
    };
    for (const job of truth.finishedJobs) {
      const times = first.get(job.jobId) ?? {};
      expect(job.runnableWaitSeconds).toBe(seconds(times, 'RUNNABLE', 'STARTING'));
      expect(job.startupSeconds).toBe(seconds(times, 'STARTING', 'RUNNING'));
      expect(job.runSeconds).toBe(seconds(times, 'RUNNING', job.state));
    }
  });

  it('equals the truth of the same workload delivered without duplicates or reordering', () => {
    const clean = simulateWorkload({ jobs: 250, seed: 8 });
    expect(truthOfWhatHappened(truth)).toEqual(truthOfWhatHappened(clean.truth));
  });
});

describe('tally', () => {
  const rowsOf = [
    { state: 'RUNNING', jobQueue: 'a', availabilityZone: 'us-east-1a', count: 2 },
    { state: 'RUNNING', jobQueue: 'b', availabilityZone: 'us-east-1a', count: 3 },
    { state: 'RUNNING', jobQueue: 'b', count: 4 },
  ];

  it('sums rows by the requested dimensions', () => {
    expect(tally(rowsOf, ['state'])).toEqual([{ state: 'RUNNING', count: 9 }]);
  });

  it('leaves out rows that lack one of the dimensions, as batchmon publishes them', () => {
    expect(tally(rowsOf, ['availabilityZone'])).toEqual([{ availabilityZone: 'us-east-1a', count: 5 }]);
  });
});

describe('total', () => {
  it('sums the counts of the rows matching every given value', () => {
    const rowsOf = [
      { reason: 'RESOURCE:CPU', computeEnvironment: 'a', count: 2 },
      { reason: 'AGENT', computeEnvironment: 'a', count: 1 },
    ];
    expect(total(rowsOf)).toBe(3);
    expect(total(rowsOf, { reason: 'AGENT' })).toBe(1);
  });

  it('counts finished jobs too, one per record', () => {
    const jobs: FinishedJob[] = [];
    expect(total(jobs.map((job) => ({ ...job, count: 1 })))).toBe(0);
  });
});
