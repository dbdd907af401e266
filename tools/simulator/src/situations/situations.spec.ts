import { launchFailureClass, validateEvent, type JobStateChange } from '@batchmon/event-schemas';
import { WORKLOAD_PRESETS } from '../options/workload-options';
import { simulateWorkload } from '../simulate-workload';
import type { SimulatedEvent } from '../simulated-event';
import type { StuckReason } from '../ground-truth/stuck-jobs';
import { jobHistories, jobIdOfTask, ofFamily, timeOf } from '../__fixtures__/workload-views';
import { STUCK_SITUATIONS, situationComputeEnvironment, situationJobQueue, type StuckSituation } from './stuck-situations';

// Each situation is built to make its jobs wait for one cause; the truth names the first reason
// that holds, so `too-big` also has its blocking head job (named by a Job Queue Blocked event).
const REASONS_OF: Readonly<Record<StuckSituation, readonly StuckReason[]>> = {
  'queue-blocked': ['queue-blocked'],
  'too-big': ['queue-blocked', 'too-big'],
  'at-max-vcpus': ['at-max-vcpus'],
  'insufficient-capacity': ['launch-failures'],
  'vcpu-limit': ['launch-failures'],
  'instances-not-registering': ['instances-not-registering'],
  'placement-failures': ['placement-failures'],
  'busy-queue': ['waiting-its-turn'],
  'image-pull': ['image-pull'],
  'agent-disconnected': ['agent'],
};

const SEEDS = [1, 2, 3];
const workloads = new Map(SEEDS.map((seed) => [seed, simulateWorkload({ ...WORKLOAD_PRESETS['stuck-situations'], seed, duplicateRate: 0.03, reorderRate: 0.03 })]));
const workload = (seed: number) => {
  const found = workloads.get(seed);
  if (found === undefined) throw new Error(`no workload for seed ${seed}`);
  return { ...found, distinct: [...new Map(found.events.map((event) => [event.id, event])).values()] };
};
const { events, truth, distinct } = workload(1);

/** The Auto Scaling group Batch created for a compute environment, from its CreateAutoScalingGroup call's tags. */
function groupOf(all: readonly SimulatedEvent[], computeEnvironment: string): string | undefined {
  return ofFamily(all, 'AutoScalingGroupCreationCall').find((call) =>
    call.detail.requestParameters.tags?.some((tag) => tag.key === 'AWSBatchServiceTag' && tag.value?.endsWith(`compute-environment/${computeEnvironment}`)),
  )?.detail.requestParameters.autoScalingGroupName;
}

function stuckOf(situation: StuckSituation, seed = 1) {
  return workload(seed).truth.stuckJobs.filter((job) => job.situation === situation);
}

describe('stuck situations', () => {
  it('produce only events that validate, the Auto Scaling instance activity family included', () => {
    const invalid = events.flatMap((event) => {
      const validation = validateEvent(event);
      return validation.ok ? [] : [{ type: event['detail-type'], issues: validation.issues }];
    });
    expect(invalid).toEqual([]);
    expect(truth.eventsByFamily.AutoScalingInstanceActivity).toBeGreaterThan(0);
  });

  it.each(SEEDS.flatMap((seed) => STUCK_SITUATIONS.map((situation) => [situation, seed] as const)))(
    'get the jobs of %s (seed %i) stuck for their reason',
    (situation, seed) => {
      const stuck = stuckOf(situation, seed);
      expect(stuck.length).toBeGreaterThan(0);
      expect([...new Set(stuck.map((job) => job.reason))].sort()).toEqual([...REASONS_OF[situation]].sort());
      for (const job of stuck) expect(job.jobQueue).toBe(situationJobQueue(situation));
    },
  );

  it('leave the situation queues to the situations: every job there was submitted for one', () => {
    const queues = new Set(STUCK_SITUATIONS.map(situationJobQueue));
    const names = [...jobHistories(distinct).values()]
      .map((history) => history[0]?.detail)
      .filter((detail): detail is JobStateChange['detail'] => detail !== undefined && queues.has(detail.jobQueue.slice(detail.jobQueue.lastIndexOf('/') + 1)));
    expect(names.length).toBeGreaterThan(0);
    for (const detail of names) expect(detail.jobName).toMatch(new RegExp(`^${detail.jobQueue.slice(detail.jobQueue.lastIndexOf('/') + 'stuck-'.length + 1)}-\\d{2}$`));
  });

  it('name the blocked jobs in Job Queue Blocked events while they wait, and never the job behind them', () => {
    const blocked = ofFamily(distinct, 'BatchJobQueueBlocked');
    for (const job of truth.stuckJobs.filter((stuck) => stuck.reason === 'queue-blocked')) {
      const named = blocked.filter((event) => event.detail.jobId === job.jobId && timeOf(event) >= Date.parse(job.since) && timeOf(event) <= Date.parse(job.stuckAt));
      expect(named.map((event) => event.detail.statusReason)).toEqual([job.evidence.statusReason]);
    }
    for (const job of stuckOf('too-big').filter((stuck) => stuck.reason === 'too-big')) {
      expect(blocked.filter((event) => event.detail.jobId === job.jobId && timeOf(event) <= Date.parse(job.stuckAt))).toEqual([]);
    }
  });

  it.each([
    ['insufficient-capacity', 'insufficient-capacity'],
    ['vcpu-limit', 'vcpu-limit'],
  ] as const)('%s: the group Batch created for the compute environment fails its launches with EC2’s %s message', (situation, failureClass) => {
    const group = groupOf(distinct, situationComputeEnvironment(situation));
    expect(group).toBeDefined();
    const failures = ofFamily(distinct, 'AutoScalingInstanceActivity').filter(
      (event) => event['detail-type'] === 'EC2 Instance Launch Unsuccessful' && event.detail.AutoScalingGroupName === group,
    );
    expect(failures.length).toBeGreaterThan(1);
    for (const failure of failures) {
      expect(launchFailureClass(failure.detail.StatusMessage)).toBe(failureClass);
      expect(failure.detail.StatusCode).toBe('Failed');
      expect(failure.detail.EC2InstanceId).toBe('');
    }
    for (const job of stuckOf(situation)) {
      expect(job.evidence).toMatchObject({ failureClass, autoScalingGroup: group, computeEnvironment: situationComputeEnvironment(situation) });
      // Recent: a failure in the five minutes before the job was stuck.
      const recent = failures.filter((event) => timeOf(event) <= Date.parse(job.stuckAt) && timeOf(event) >= Date.parse(job.stuckAt) - 300_000);
      expect(recent.length).toBeGreaterThan(0);
    }
  });

  it('instances-not-registering: the instance launched successfully in the group, then never registered and was terminated', () => {
    const [job] = stuckOf('instances-not-registering');
    const instance = job?.evidence.ec2InstanceId;
    expect(instance).toBeDefined();
    const activities = ofFamily(distinct, 'AutoScalingInstanceActivity').filter((event) => event.detail.EC2InstanceId === instance);
    expect(activities.map((event) => event['detail-type'])).toEqual(['EC2 Instance Launch Successful', 'EC2 Instance Terminate Successful']);
    expect(activities[0]?.detail.AutoScalingGroupName).toBe(groupOf(distinct, situationComputeEnvironment('instances-not-registering')));
    const registered = ofFamily(distinct, 'EcsContainerInstanceRegistrationCall').some(
      (call) => call.detail.responseElements?.containerInstance?.ec2InstanceId === instance,
    );
    expect(registered).toBe(false);
  });

  it('placement-failures: RunTask keeps failing with RESOURCE:MEMORY while ECS reports the instances’ memory taken', () => {
    const ce = situationComputeEnvironment('placement-failures');
    const failures = ofFamily(distinct, 'EcsRunTaskCall').filter(
      (call) => call.detail.requestParameters.cluster.includes(`AWSBatch-${ce}-`) && (call.detail.responseElements?.failures?.length ?? 0) > 0,
    );
    expect(failures.length).toBeGreaterThan(2);
    expect(new Set(failures.flatMap((call) => call.detail.responseElements?.failures?.map((failure) => failure.reason) ?? []))).toEqual(new Set(['RESOURCE:MEMORY']));
    const [job] = stuckOf('placement-failures');
    expect(job?.evidence.placementFailure).toBe('RESOURCE:MEMORY');
    const lowMemory = ofFamily(distinct, 'EcsContainerInstanceStateChange').some(
      (event) =>
        event.detail.clusterArn.includes(`AWSBatch-${ce}-`) &&
        (event.detail.remainingResources?.find((resource) => resource.name === 'MEMORY')?.integerValue ?? Infinity) < 3072,
    );
    expect(lowMemory).toBe(true);
  });

  it('image-pull: the task stays PENDING with a pull that never finishes, then stops with CannotPullContainerError', () => {
    const [job] = stuckOf('image-pull');
    expect(job?.state).toBe('STARTING');
    const tasks = ofFamily(events, 'EcsTaskStateChange')
      .filter((event) => jobIdOfTask(event) === job?.jobId)
      .sort((a, b) => (a.detail.version ?? 0) - (b.detail.version ?? 0));
    const pulling = tasks.find((event) => event.detail.lastStatus === 'PENDING' && event.detail.pullStartedAt !== undefined);
    expect(pulling?.detail.pullStoppedAt).toBeUndefined();
    const stopped = tasks.find((event) => event.detail.lastStatus === 'STOPPED');
    expect(stopped?.detail.stopCode).toBe('TaskFailedToStart');
    expect(stopped?.detail.stoppedReason).toMatch(/^CannotPullContainerError: /);
    expect(timeOf(stopped ?? { time: '' })).toBeGreaterThan(Date.parse(job?.stuckAt ?? ''));
    const history = jobHistories(distinct).get(job?.jobId ?? '') ?? [];
    expect(history.map((event) => event.detail.status)).toEqual(['RUNNABLE', 'STARTING', 'FAILED']);
  });

  it('agent-disconnected: the agent of the task’s instance disconnects after the placement and reconnects after the job was stuck', () => {
    const [job] = stuckOf('agent-disconnected');
    expect(job?.state).toBe('STARTING');
    const tasks = ofFamily(distinct, 'EcsTaskStateChange').filter((event) => jobIdOfTask(event) === job?.jobId);
    const instance = tasks[0]?.detail.containerInstanceArn;
    expect(instance).toBeDefined();
    const agent = ofFamily(distinct, 'EcsContainerInstanceStateChange')
      .filter((event) => event.detail.containerInstanceArn === instance)
      .sort((a, b) => timeOf(a) - timeOf(b) || (a.detail.version ?? 0) - (b.detail.version ?? 0));
    const stuckAt = Date.parse(job?.stuckAt ?? '');
    const lastBefore = agent.filter((event) => timeOf(event) <= stuckAt).pop();
    expect(lastBefore?.detail.agentConnected).toBe(false);
    expect(agent.some((event) => timeOf(event) > stuckAt && event.detail.agentConnected)).toBe(true);
    // No pull before the agent is back.
    expect(tasks.filter((event) => timeOf(event) <= stuckAt).every((event) => event.detail.pullStartedAt === undefined)).toBe(true);
    const history = jobHistories(distinct).get(job?.jobId ?? '') ?? [];
    expect(history.map((event) => event.detail.status).slice(0, 3)).toEqual(['RUNNABLE', 'STARTING', 'RUNNING']);
  });

  it('are the same for the same seed, event for event', () => {
    const again = simulateWorkload({ ...WORKLOAD_PRESETS['stuck-situations'], seed: 1, duplicateRate: 0.03, reorderRate: 0.03 });
    expect(again.events).toEqual(events);
    expect(again.truth).toEqual(truth);
  });

  it('announce every instance with EC2 Instance Launch Successful before it registers, and every one leaving with Terminate Successful', () => {
    const activities = ofFamily(distinct, 'AutoScalingInstanceActivity');
    const launched = new Map(activities.filter((event) => event['detail-type'] === 'EC2 Instance Launch Successful').map((event) => [event.detail.EC2InstanceId, timeOf(event)]));
    const terminated = new Map(activities.filter((event) => event['detail-type'] === 'EC2 Instance Terminate Successful').map((event) => [event.detail.EC2InstanceId, timeOf(event)]));
    const calls = ofFamily(distinct, 'EcsContainerInstanceRegistrationCall').filter((call) => call.detail.responseElements?.containerInstance !== undefined);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const instance = call.detail.responseElements?.containerInstance?.ec2InstanceId ?? '';
      if (call.detail.eventName === 'RegisterContainerInstance') expect(launched.get(instance)).toBeLessThanOrEqual(timeOf(call));
      else expect(terminated.get(instance)).toBeGreaterThanOrEqual(timeOf(call));
    }
  });
});

describe('Auto Scaling instance activity events', () => {
  it('add to a regular workload without changing any of its other events', () => {
    const options = { jobs: 60, seed: 9, nonBatchActivity: true } as const;
    const without = simulateWorkload(options);
    const withActivities = simulateWorkload({ ...options, instanceActivityEvents: true });
    const activities = ofFamily(withActivities.events, 'AutoScalingInstanceActivity');
    expect(activities.length).toBeGreaterThan(0);
    expect(withActivities.events.filter((event) => !activities.includes(event as (typeof activities)[number]))).toEqual(without.events);
    expect(without.truth.eventsByFamily.AutoScalingInstanceActivity).toBe(0);
  });
});
