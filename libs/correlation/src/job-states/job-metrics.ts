import type { JsonataPassState, State } from '../asl/asl';
import { jsonataRecords, literal, type Expression } from '../records/jsonata-records';
import { SEND_STATE } from '../records/skips';
import { jsonataPass } from '../asl/jsonata';
import { OWN_MARKS_JSONATA } from '../failures/writer-mark';
import { JOBS_TABLE, UNKNOWN } from '../instances/instance-item';

/** Reason counted when a placed job's instance was never seen registering. */
export const INSTANCE_NOT_REGISTERED = 'instance-not-registered';
/**
 * Reason counted when a job ended before batchmon saw its RUNNABLE, STARTING or RUNNING event
 * (multi-node nodes excepted for RUNNABLE: AWS Batch launches them straight into STARTING).
 */
export const EARLIER_STATES_MISSING = 'earlier-states-missing';
/**
 * Skip reason of a retry attempt entering a state the job already entered: transitions and
 * durations count a job's first entry into each state, so the event adds nothing to the metrics.
 */
export const STATE_REENTERED = 'state-reentered';
/**
 * Skip reason of a transition delivered again: the attempt's entry into the state carries the mark
 * of another execution (see `failures/writer-mark.ts`).
 */
export const DUPLICATE_TRANSITION = 'duplicate-transition';

/** The workflow name in records (its `Workflow` dimension and the message source). */
const WORKFLOW = 'JobStates';

/** The first of the states {@link jobMetrics} adds: the one the job's item, once saved, goes to. */
export const JOB_METRICS = 'Read what the job’s item says';

const COUNTED_STATE = 'Did this execution count the transition?';
const FIRST_STATE = 'Is it the job’s first entry into the state?';
const DURATIONS_STATE = 'Measure the job’s durations';
const TRANSITION_STATE = 'Record the transition';
const DURATION_RECORDS_STATE = 'Record the durations';
const FINISHED_STATE = 'Record the finished job';
const TASK_STATE = 'Record the task placed';

// Variables every state below binds first. A transition is placed only by the instance its own
// event names: a RUNNABLE event that arrives after STARTING, or a retry's RUNNABLE, is not on an
// instance even though the job's item remembers one (`$placement`, from `$.entry`, does).
const bindings = `$e := $states.input;
  $d := $e.detail;
  $job := $e.job;
  $placement := $e.entry.placement;
  $durations := $e.durations;`;
const placed = `$e.placement.status in ['known', 'unknown']`;
const jobDimensions = { JobQueue: '$d.jobQueue', JobDefinition: '$d.jobDefinition' };
const where = { AvailabilityZone: '$placement.availabilityZone', InstanceType: '$placement.instanceType' };
const ids = { jobId: '$d.jobId', jobArn: '$d.jobArn', attempt: '$job.attempt' };

/** JSONata: `records` appended to the message's records (the first of these states starts the message). */
function appendRecords(records: Expression, next: string, first = false): JsonataPassState {
  const existing = first ? '[]' : '$e.message.records';
  return jsonataPass(
    `(
  ${bindings}
  $merge([$e, { 'message': { 'source': ${literal(WORKFLOW)}, 'records': $append(${existing}, ${records}) } }])
)`,
    next,
  );
}

/**
 * JSONata: what the job's item, as saved, says of this event, into `$.entry`: whether this
 * execution's mark is on the attempt's entry into the state (`counted`: another's is a repeated
 * delivery), whether this attempt is the job's first into the state (`first`), and where the job
 * ran (`placement`: the event's own instance, else the one the item remembers, else none).
 */
function readEntry(next: string): JsonataPassState {
  return jsonataPass(
    `(
  $e := $states.input;
  $job := $e.job;
  $saved := $e.saved.attributes;
  $remembered := $lookup($saved, '${JOBS_TABLE.placementAttribute}').M;
  $firstEntry := $lookup($saved, $job.firstKey).M;
  $merge([$e, { 'entry': {
    'counted': $lookup($saved, $job.stateKey).S in ${OWN_MARKS_JSONATA},
    'taskCounted': $exists($job.taskKey) and $lookup($saved, $job.taskKey).S in ${OWN_MARKS_JSONATA},
    'first': $not($exists($firstEntry)) or $number($firstEntry.a.N) = $job.attempt,
    'placement': ${placed} ? $e.placement :
      ($exists($remembered) ? {
        'status': 'known',
        'containerInstanceArn': $remembered.arn.S,
        'ec2InstanceId': $remembered.ec2.S,
        'computeEnvironment': $remembered.ce.S,
        'availabilityZone': $remembered.az.S,
        'instanceType': $remembered.type.S
      } : { 'status': 'none' })
  } }])
)`,
    next,
  );
}

/**
 * JSONata: the job's durations in seconds, into `$.durations`, each only when both its ends are
 * known (JSONata leaves the others out): from the first entries saved on the item,
 * `runnableWait` (RUNNABLE → STARTING) and `startup` (STARTING → RUNNING), and on a terminal event
 * from Batch's own times, `jobRun`, `jobTotal` and `jobEfficiency`. `wait`, `startup…`, `run`,
 * `total` and `efficiency` are the ones this event publishes as metrics: the transition that
 * completes a pair, and only for jobs whose durations are timed (not array and multi-node parents).
 */
function measureDurations(next: string): JsonataPassState {
  return jsonataPass(
    `(
  $e := $states.input;
  $d := $e.detail;
  $job := $e.job;
  $saved := $e.saved.attributes;
  $at := function($state) { $number($lookup($saved, $state).M.t.N) };
  $seconds := function($from, $to) { ($exists($from) and $exists($to)) ? $round(($to - $from) / 1000, 3) : undefined };
  $runnableWait := $seconds($at('RUNNABLE'), $at('STARTING'));
  $startup := $seconds($at('STARTING'), $at('RUNNING'));
  $ended := $job.terminal and $type($d.stoppedAt) = 'number';
  $jobRun := ($ended and $not($job.arrayParent) and $type($d.startedAt) = 'number') ? ($d.stoppedAt - $d.startedAt) / 1000 : undefined;
  $jobTotal := ($ended and $type($d.createdAt) = 'number') ? ($d.stoppedAt - $d.createdAt) / 1000 : undefined;
  $jobEfficiency := ($exists($jobRun) and $exists($jobTotal) and $jobTotal > 0) ? $round(100 * $jobRun / $jobTotal, 2) : undefined;
  $merge([$e, { 'durations': {
    'runnableWait': $runnableWait,
    'startupTime': $startup,
    'jobRun': $jobRun,
    'jobTotal': $jobTotal,
    'jobEfficiency': $jobEfficiency,
    'wait': ($job.timed and $d.status in ['RUNNABLE', 'STARTING']) ? $runnableWait : undefined,
    'startup': ($job.timed and $d.status in ['STARTING', 'RUNNING']) ? $startup : undefined,
    'run': $job.timed ? $jobRun : undefined,
    'total': $job.timed ? $jobTotal : undefined,
    'efficiency': $job.timed ? $jobEfficiency : undefined
  } }])
)`,
    next,
  );
}

/**
 * The states that build the execution's metric message at `$.message`, each adding one part to
 * the input, from the job's item as saved:
 * - what the item says of this event (`$.entry`); a transition whose entry another execution
 *   counted (a repeated delivery: the saved entry carries that execution's mark, where a first
 *   delivery, or a retry of this execution's own write after an error, finds this execution's) and
 *   a retry attempt re-entering a state the job already entered yield only a `SkippedEvents` count;
 * - the job's durations (`$.durations`): each one whose two ends (first entries) are now both
 *   recorded on the job item — the item is updated atomically, so of the two events of a pair
 *   exactly one sees both times, whatever their order of arrival, and a duration is emitted once,
 *   by the later event. Run and total times come from Batch's own `startedAt`/`stoppedAt`/
 *   `createdAt` on the terminal event; the duration metrics leave out array and multi-node
 *   parents, whose times span their children's;
 * - the transition (by state, queue, definition, launch type, node role, and — when the event
 *   names a container instance — the instance's compute environment, AZ and type; `unknown` and
 *   an `UncorrelatedEvents` count when the instance was never seen);
 * - the durations as metrics;
 * - on a terminal event, the `FinishedJobs` record with every correlated field and duration as
 *   properties (the per-job record for Logs Insights; parents included, an array parent without a
 *   run time since it is never RUNNING), and a count when durations are missing.
 *
 * - whatever the transition gave, when the task the event names carries this execution's mark, the
 *   task counted placed (`JobsPlaced`, by the dimensions JobsPlaced gives an EC2 task: the
 *   instance's AZ, type and compute environment, the job queue, the launch type) — once per task,
 *   by the first event of the job that names it. On an unknown instance the compute environment
 *   comes from the task ARN's cluster, and the AZ and instance type are `unknown`: a Batch job's
 *   event carries no AZ.
 *
 * JSONata, because durations need date arithmetic and the number of records varies; one state per
 * part, so that each reads on one screen of the console.
 */
export function jobMetrics(): Record<string, State> {
  const timed = (metric: 'RunnableWaitTime' | 'StartupTime' | 'RunTime' | 'TotalTime' | 'SchedulingEfficiency', field: string, dimensions: Record<string, string>) => ({
    metric,
    when: `$exists($durations.${field})`,
    value: `$durations.${field}`,
    dimensions,
    properties: ids,
  });
  const transition = jsonataRecords([
    {
      metric: 'JobStateTransitions',
      dimensions: {
        State: '$d.status',
        ...jobDimensions,
        LaunchType: '$job.launchType',
        NodeRole: '$job.nodeRole',
        ComputeEnvironment: `${placed} ? $e.placement.computeEnvironment : undefined`,
        AvailabilityZone: `${placed} ? $e.placement.availabilityZone : undefined`,
        InstanceType: `${placed} ? $e.placement.instanceType : undefined`,
      },
      properties: { ...ids, containerInstanceArn: '$e.placement.containerInstanceArn', ec2InstanceId: '$e.placement.ec2InstanceId' },
    },
    {
      metric: 'UncorrelatedEvents',
      when: `$e.placement.status = 'unknown'`,
      dimensions: { Workflow: literal(WORKFLOW), Reason: literal(INSTANCE_NOT_REGISTERED) },
      properties: { ...ids, containerInstanceArn: '$e.placement.containerInstanceArn' },
    },
  ]);
  const durations = jsonataRecords([
    timed('RunnableWaitTime', 'wait', { ...jobDimensions, ...where }),
    timed('StartupTime', 'startup', { ...jobDimensions, ...where }),
    timed('RunTime', 'run', { State: '$d.status', ...jobDimensions, ...where }),
    timed('TotalTime', 'total', { State: '$d.status', ...jobDimensions }),
    timed('SchedulingEfficiency', 'efficiency', jobDimensions),
  ]);
  const finished = jsonataRecords([
    {
      metric: 'FinishedJobs',
      when: '$job.terminal',
      dimensions: { State: '$d.status', ...jobDimensions },
      properties: {
        ...ids,
        computeEnvironment: '$placement.computeEnvironment',
        availabilityZone: '$placement.availabilityZone',
        instanceType: '$placement.instanceType',
        launchType: '$job.launchType',
        jobName: '$d.jobName',
        attempts: '$count($d.attempts)',
        statusReason: '$d.statusReason',
        containerInstanceArn: '$placement.containerInstanceArn',
        ec2InstanceId: '$placement.ec2InstanceId',
        runnableWaitSeconds: '$durations.runnableWait',
        startupSeconds: '$durations.startupTime',
        runSeconds: '$durations.jobRun',
        totalSeconds: '$durations.jobTotal',
        schedulingEfficiency: '$durations.jobEfficiency',
      },
    },
    {
      metric: 'UncorrelatedEvents',
      // Multi-node nodes excepted for RUNNABLE: AWS Batch launches them straight into STARTING.
      when: `$job.terminal and $job.timed and $exists($d.startedAt) and (($not($exists($job.nodeRole)) and $not($exists($durations.runnableWait))) or $not($exists($durations.startupTime)))`,
      dimensions: { Workflow: literal(WORKFLOW), Reason: literal(EARLIER_STATES_MISSING) },
      properties: ids,
    },
  ]);
  // The task is counted placed by the execution whose mark its attribute holds, whatever became of
  // the transition (a retry attempt's STARTING re-enters a state, yet places a new task).
  const taskPlaced = jsonataRecords([
    {
      metric: 'JobsPlaced',
      when: '$e.entry.taskCounted',
      dimensions: {
        ComputeEnvironment: `$e.placement.status = 'known' ? $e.placement.computeEnvironment : ($exists($job.taskCluster) ? $job.taskCluster : ${literal(UNKNOWN)})`,
        JobQueue: '$d.jobQueue',
        LaunchType: '$job.launchType',
        AvailabilityZone: '$e.placement.availabilityZone',
        InstanceType: '$e.placement.instanceType',
      },
      properties: { jobId: '$d.jobId', taskArn: '$job.taskArn', containerInstanceArn: '$e.placement.containerInstanceArn' },
    },
  ]);
  const duplicate = jsonataRecords([
    {
      metric: 'SkippedEvents',
      dimensions: { Workflow: literal(WORKFLOW), Reason: literal(DUPLICATE_TRANSITION) },
      properties: { eventId: '$e.id' },
    },
  ]);
  const reentered = jsonataRecords([
    {
      metric: 'SkippedEvents',
      dimensions: { Workflow: literal(WORKFLOW), Reason: literal(STATE_REENTERED) },
      properties: { ...ids, status: '$d.status' },
    },
  ]);
  return {
    [JOB_METRICS]: readEntry(COUNTED_STATE),
    [COUNTED_STATE]: {
      Type: 'Choice',
      Comment: 'Its own mark: the first delivery, or a retry after this execution’s write had committed. Another: a repeated delivery.',
      Choices: [{ Variable: '$.entry.counted', BooleanEquals: true, Next: FIRST_STATE }],
      Default: 'Skip: the transition was already counted',
    },
    'Skip: the transition was already counted': appendRecords(duplicate, TASK_STATE, true),
    [FIRST_STATE]: {
      Type: 'Choice',
      Comment: 'Transitions and durations count a job’s first entry into each state.',
      Choices: [{ Variable: '$.entry.first', BooleanEquals: true, Next: DURATIONS_STATE }],
      Default: 'Skip: the job already entered the state',
    },
    'Skip: the job already entered the state': appendRecords(reentered, TASK_STATE, true),
    [DURATIONS_STATE]: measureDurations(TRANSITION_STATE),
    [TRANSITION_STATE]: appendRecords(transition, DURATION_RECORDS_STATE, true),
    [DURATION_RECORDS_STATE]: appendRecords(durations, FINISHED_STATE),
    [FINISHED_STATE]: appendRecords(finished, TASK_STATE),
    [TASK_STATE]: appendRecords(taskPlaced, SEND_STATE),
  };
}
