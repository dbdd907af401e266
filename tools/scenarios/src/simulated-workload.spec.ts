import { DetailType, TASK_STARTING_STATUSES, familyOf, isBatchCluster, type EventFamily } from '@batchmon/event-schemas';
import type { Dimension } from '@batchmon/metrics';
import { startLocalBatchmon, type LocalBatchmon } from '@batchmon/local';
import { simulateWorkload, total, type GroundTruth, type SimulatedEvent } from '@batchmon/simulator';
import { EmittedSeries, capacityLevelsAt, expectedMetricTotals, finishedJobMismatches, publishedMinuteLevels, truthSums, type TruthDimension } from './workload-truth';

// Story: a day of a few hundred jobs across two EC2 compute environments (on-demand and Spot),
// Fargate and EKS, in four queues — single-container, multi-container, array and multi-node jobs,
// retries, placement failures under pressure, a blocked queue, Spot reclaims, agent disconnects,
// and another team's ECS activity beside it — delivered by EventBridge the way it does: 3% of the
// events twice, 3% swapped with their neighbour. Every number batchmon emits equals what happened.

const WORKLOAD = { jobs: 300, seed: 1, duplicateRate: 0.03, reorderRate: 0.03 } as const;
/** Metric messages are handed to the Lambda every this many events, as the replay command does. */
const FLUSH_EVERY = 250;

/** What happened to one delivered event. */
interface Delivery {
  readonly family: EventFamily | undefined;
  /** The CloudTrail call, for the API call families. */
  readonly eventName: string | undefined;
  /** Delivered before (same event id): EventBridge's at-least-once delivery. */
  readonly repeated: boolean;
  readonly unrouted: boolean;
  readonly executions: number;
  readonly event: SimulatedEvent;
}

let truth: GroundTruth;
let events: readonly SimulatedEvent[];
let batchmon: LocalBatchmon;
let emitted: EmittedSeries;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  const workload = simulateWorkload(WORKLOAD);
  truth = workload.truth;
  events = workload.events;
  // The detailed profile publishes every catalog set (the essential ones among them): each is
  // compared with the truth below.
  batchmon = await startLocalBatchmon({ stack: { metricsProfile: 'detailed' } });
  const seen = new Set<string>();
  for (const [index, event] of workload.events.entries()) {
    const result = await batchmon.ingest(event);
    if (result.kind === 'invalid') throw new Error(`event ${index} is invalid: ${JSON.stringify(result.invalid)}`);
    const eventName = 'eventName' in event.detail && typeof event.detail.eventName === 'string' ? event.detail.eventName : undefined;
    deliveries.push({
      family: familyOf(event),
      eventName,
      repeated: seen.has(event.id),
      unrouted: result.result.unrouted,
      executions: result.result.executions.length,
      event,
    });
    seen.add(event.id);
    if ((index + 1) % FLUSH_EVERY === 0) await batchmon.flush();
  }
  await batchmon.flush();
  emitted = new EmittedSeries(batchmon.emfLines);
}, 240_000);

afterAll(() => batchmon?.close());

/** An object with its keys in order, to compare as JSON. */
const sorted = (levels: Record<string, number>): [string, number][] => Object.entries(levels).sort(([a], [b]) => a.localeCompare(b));

/** Each dimension set of the metric catalog that the truth can answer, for one truth table. */
const compareBy = (sets: readonly (readonly TruthDimension[])[]) => sets.map((set) => [set.join(' × ') || '(none)', set] as const);

/** Routed deliveries of a family (and CloudTrail call) that repeat an event already delivered. */
const repeatedDeliveries = (family: EventFamily, eventName?: string): number =>
  deliveries.filter((d) => d.family === family && !d.unrouted && d.repeated && (eventName === undefined || d.eventName === eventName)).length;

const skipped = (workflow: string, reason: string): number => emitted.sums('SkippedEvents', ['Workflow', 'Reason'])[`${workflow} / ${reason}`] ?? 0;

describe('a simulated day of AWS Batch, through batchmon', () => {
  it('runs every workflow execution to success, with no dead letter and no rejected metric message', () => {
    const summary = batchmon.summary();
    expect(summary.events).toBe(truth.eventsDelivered);
    expect(summary.invalid).toBe(0);
    expect(summary.executions).toBeGreaterThan(0);
    expect(summary.failedExecutions).toBe(0);
    expect(summary.deadLetters).toBe(0);
    expect(batchmon.errorLines).toEqual([]);
  });

  it.each(
    compareBy([
      ['State'],
      ['State', 'JobQueue'],
      ['State', 'JobQueue', 'JobDefinition'],
      ['State', 'ComputeEnvironment'],
      ['State', 'AvailabilityZone'],
      ['State', 'InstanceType'],
      ['State', 'AvailabilityZone', 'InstanceType'],
    ]),
  )('counts job state transitions by %s as they happened: once per job and state', (_label, dimensions) => {
    expect(emitted.sums('JobStateTransitions', dimensions)).toEqual(truthSums(truth.jobStateTransitions, dimensions));
  });

  // The essential profile answers these from the EMF lines' fields with Logs Insights: the lines
  // carry every dimension value whatever the profile, so the same sums come out of them.
  it.each(
    compareBy([
      ['State', 'JobQueue'],
      ['State', 'JobQueue', 'JobDefinition'],
      ['State', 'ComputeEnvironment'],
      ['State', 'AvailabilityZone', 'InstanceType'],
    ]),
  )('gives the same job state transitions by %s from the EMF line fields, as Logs Insights reads them', (_label, dimensions) => {
    expect(emitted.fieldSums('JobStateTransitions', dimensions)).toEqual(truthSums(truth.jobStateTransitions, dimensions));
  });

  it.each(compareBy([['AvailabilityZone', 'InstanceType'], ['ComputeEnvironment', 'JobQueue']]))(
    'gives the same jobs placed by %s from the EMF line fields, as Logs Insights reads them',
    (_label, dimensions) => {
      expect(emitted.fieldSums('JobsPlaced', dimensions)).toEqual(truthSums(truth.jobsPlaced, dimensions));
    },
  );

  it.each(
    compareBy([
      ['ComputeEnvironment'],
      ['AvailabilityZone'],
      ['InstanceType'],
      ['AvailabilityZone', 'InstanceType'],
      ['ComputeEnvironment', 'InstanceType'],
      ['CpuArchitecture'],
    ]),
  )('counts the container instances that registered, by %s', (_label, dimensions) => {
    expect(emitted.sums('InstanceRegistrations', dimensions)).toEqual(truthSums(truth.instances.registrations, dimensions));
  });

  it.each(
    compareBy([['ComputeEnvironment'], ['AvailabilityZone'], ['InstanceType'], ['AvailabilityZone', 'InstanceType'], ['ComputeEnvironment', 'InstanceType']]),
  )('counts the container instances that deregistered, by %s', (_label, dimensions) => {
    expect(emitted.sums('InstanceDeregistrations', dimensions)).toEqual(truthSums(truth.instances.deregistrations, dimensions));
  });

  it.each(
    compareBy([
      ['LaunchType'],
      ['JobQueue'],
      ['ComputeEnvironment'],
      ['AvailabilityZone'],
      ['InstanceType'],
      ['AvailabilityZone', 'InstanceType'],
      ['ComputeEnvironment', 'JobQueue'],
      ['LaunchType', 'AvailabilityZone'],
    ]),
  )('counts the jobs placed, once per ECS task, by %s', (_label, dimensions) => {
    expect(emitted.sums('JobsPlaced', dimensions)).toEqual(truthSums(truth.jobsPlaced, dimensions));
  });

  it.each(compareBy([['JobQueue'], ['ComputeEnvironment'], ['JobQueue', 'ComputeEnvironment']]))(
    'counts the RunTask calls Batch made that placed nothing, by %s',
    (_label, dimensions) => {
      expect(emitted.sums('FailedRunTaskCalls', dimensions)).toEqual(truthSums(truth.failedRunTaskCalls, dimensions));
    },
  );

  it.each(compareBy([['Reason'], ['ComputeEnvironment'], ['ComputeEnvironment', 'Reason'], ['JobQueue', 'Reason']]))(
    'counts the placement failures, by %s',
    (_label, dimensions) => {
      expect(emitted.sums('PlacementFailures', dimensions)).toEqual(truthSums(truth.placementFailures, dimensions));
    },
  );

  it.each(compareBy([['JobQueue'], ['JobQueue', 'Reason']]))('counts the blocked queues, by %s', (_label, dimensions) => {
    expect(emitted.sums('BlockedJobQueues', dimensions)).toEqual(truthSums(truth.blockedQueues, dimensions));
  });

  it('monitors every Auto Scaling group Batch created, once each', () => {
    expect(emitted.sums('AutoScalingGroupsMonitored', [])).toEqual({ '': truth.autoScalingGroupsCreated.length });
    const groups = batchmon.pipeline.autoscaling.enableMetricsCollectionCalls.map((call) => call.AutoScalingGroupName);
    expect([...new Set(groups)].sort()).toEqual([...truth.autoScalingGroupsCreated].sort());
  });

  it('records every finished job once, with the durations it had', () => {
    // RUNNABLE wait and start-up come from event times on both sides, total time from Batch's
    // createdAt and stoppedAt on both sides: equal. Run time: see FROM_BATCH_TIMESTAMPS.
    expect(finishedJobMismatches(batchmon.emfLines, truth.finishedJobs)).toEqual([]);
    expect(emitted.sums('FinishedJobs', ['State'])).toEqual({ SUCCEEDED: truth.terminalJobs.SUCCEEDED, FAILED: truth.terminalJobs.FAILED });
  });

  it('publishes at every minute of the day the capacity levels the instance events delivered before that minute tell, exactly', () => {
    // MinuteLevels fires at each whole minute the events' time crosses, before the event that
    // crosses it; each minute's levels equal what the instance events delivered before then tell
    // (an event reordered past the minute counts at the next one, as on AWS).
    const published = publishedMinuteLevels(batchmon.emfLines);
    const minutes = Object.keys(published).sort();
    const span = (Date.parse(String(events.at(-1)?.time)) - Date.parse(String(events[0]?.time))) / 60_000;
    expect(minutes.length).toBeGreaterThan(span / 2);
    const mismatches = minutes.filter((minute) => JSON.stringify(sorted(published[minute] ?? {})) !== JSON.stringify(sorted(capacityLevelsAt(events, Date.parse(minute)))));
    expect(mismatches.map((minute) => [minute, published[minute], capacityLevelsAt(events, Date.parse(minute))]).slice(0, 2)).toEqual([]);
  });

  it('sums every metric of the run to the truth’s totals', () => {
    expect(batchmon.summary().metricTotals).toMatchObject(expectedMetricTotals(truth));
  });

  it('starts no execution for the other team’s ECS activity, for stopping Batch tasks, for tasks on an instance nor for RunTask calls that placed their task, and one for every other Batch event', () => {
    const unrouted = deliveries.filter((d) => d.unrouted);
    // A stopping task only repeats a placement its earlier events showed, and a task on a container
    // instance is placed by its job's own events (JobStates): the rule drops both.
    const starting: readonly string[] = TASK_STARTING_STATUSES;
    const batchTask = ({ event }: Delivery) =>
      event['detail-type'] === DetailType.EcsTaskStateChange && 'lastStatus' in event.detail && isBatchCluster(event.detail.clusterArn);
    const detailOf = ({ event }: Delivery) => event.detail as { lastStatus?: string; desiredStatus?: string; containerInstanceArn?: string };
    const stopping = deliveries.filter((d) => batchTask(d) && !(starting.includes(detailOf(d).lastStatus ?? '') && detailOf(d).desiredStatus === 'RUNNING'));
    const onAnInstance = deliveries.filter((d) => batchTask(d) && !stopping.includes(d) && detailOf(d).containerInstanceArn !== undefined);
    expect(stopping.length).toBeGreaterThan(0);
    expect(onAnInstance.length).toBeGreaterThan(0);
    const dropped = new Set([...stopping, ...onAnInstance].map((d) => d.event.id));
    // A RunTask call that placed its task is counted from the job's own STARTING event (JobsPlaced).
    const count = (rows: readonly { readonly count: number }[]): number => rows.reduce((total, row) => total + row.count, 0);
    const placedCalls = count(truth.runTaskCalls) - count(truth.failedRunTaskCalls);
    expect(placedCalls).toBeGreaterThan(0);
    expect(new Set(unrouted.map((d) => d.event.id)).size).toBe(truth.nonBatchEvents + dropped.size + placedCalls);
    expect(unrouted.every((d) => d.executions === 0)).toBe(true);
    expect(deliveries.filter((d) => !d.unrouted).every((d) => d.executions === 1)).toBe(true);
  });

  it('correlates every event: each placed job’s instance is known, no job misses its earlier states', () => {
    expect(batchmon.summary().uncorrelated).toEqual({});
  });

  describe('events EventBridge delivered twice', () => {
    it('are counted once: each workflow that keys on the event skips exactly the repeated deliveries', () => {
      const expected = {
        'JobStates / duplicate-transition': repeatedDeliveries('BatchJobStateChange'),
        'InstanceRegistration / duplicate-registration': repeatedDeliveries('EcsContainerInstanceRegistrationCall', 'RegisterContainerInstance'),
        'InstanceRegistration / duplicate-deregistration': repeatedDeliveries('EcsContainerInstanceRegistrationCall', 'DeregisterContainerInstance'),
        'RunTask / duplicate-call': repeatedDeliveries('EcsRunTaskCall'),
        'QueueBlocked / duplicate-event': repeatedDeliveries('BatchJobQueueBlocked'),
        'AsgMonitoring / duplicate-group': repeatedDeliveries('AutoScalingGroupCreationCall'),
        'JobsSubmitted / duplicate-submission': repeatedDeliveries('BatchJobSubmissionCall'),
        'BatchConfiguration / nothing-newer': repeatedDeliveries('BatchConfigurationCall'),
      };
      const actual = Object.fromEntries(Object.keys(expected).map((key) => {
        const [workflow = '', reason = ''] = key.split(' / ');
        return [key, skipped(workflow, reason)];
      }));
      expect(actual).toEqual(expected);
      expect(Object.values(expected).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
    });

    it('are counted once by JobStates, which also skips a retry re-entering a state: one skip per event beyond the first entries', () => {
      const distinctJobEvents = new Set(deliveries.filter((d) => d.family === 'BatchJobStateChange' && !d.unrouted).map((d) => d.event.id)).size;
      expect(skipped('JobStates', 'state-reentered')).toBe(distinctJobEvents - total(truth.jobStateTransitions));
    });

    it('are counted once by JobsPlaced: every task event it gets is a Fargate task’s first placement, a later or repeated one, or not placed yet', () => {
      // Tasks on container instances are placed by JobStates from their jobs' events.
      const taskEvents = deliveries.filter((d) => d.family === 'EcsTaskStateChange' && !d.unrouted).length;
      const laterOrRepeated = skipped('JobsPlaced', 'duplicate-task');
      expect(taskEvents).toBe(total(truth.jobsPlaced, { launchType: 'FARGATE' }) + laterOrRepeated + skipped('JobsPlaced', 'task-not-placed'));
      expect(laterOrRepeated).toBeGreaterThanOrEqual(repeatedDeliveries('EcsTaskStateChange'));
    });

    it('are counted once by ContainerInstanceState: a change whose version is not newer than one applied is skipped', () => {
      const newest = new Map<string, number>();
      let notNewer = 0;
      for (const { event } of deliveries.filter((d) => d.family === 'EcsContainerInstanceStateChange' && !d.unrouted)) {
        const detail = event.detail as { containerInstanceArn: string; version: number };
        const applied = newest.get(detail.containerInstanceArn);
        if (applied !== undefined && detail.version <= applied) notNewer += 1;
        else newest.set(detail.containerInstanceArn, detail.version);
      }
      expect(skipped('ContainerInstanceState', 'stale-or-duplicate-version')).toBe(notNewer);
      expect(notNewer).toBeGreaterThanOrEqual(repeatedDeliveries('EcsContainerInstanceStateChange'));
    });

    it('are the only events skipped, besides task events not placed yet', () => {
      const reasons = Object.keys(emitted.sums('SkippedEvents', ['Workflow', 'Reason'] satisfies Dimension[])).sort();
      const allowed = [
        'AsgMonitoring / duplicate-group',
        'BatchConfiguration / nothing-newer',
        'ContainerInstanceState / stale-or-duplicate-version',
        'InstanceRegistration / duplicate-deregistration',
        'InstanceRegistration / duplicate-registration',
        'JobStates / duplicate-transition',
        'JobStates / state-reentered',
        'JobsSubmitted / duplicate-submission',
        'JobsPlaced / duplicate-task',
        'JobsPlaced / task-not-placed',
        'QueueBlocked / duplicate-event',
        'RunTask / duplicate-call',
      ];
      expect(reasons.filter((reason) => !allowed.includes(reason))).toEqual([]);
    });
  });
});
