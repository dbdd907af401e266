import type { JsonataPassState } from '../asl/asl';
import { jsonataRecord, jsonataRecords, literal, type Expression } from '../records/jsonata-records';
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

// Variables bound at the top of the expression (see below). A transition is placed only by the
// instance its own event names: a RUNNABLE event that arrives after STARTING, or a retry's RUNNABLE,
// is not on an instance even though the job's item remembers one.
const placed = `$e.placement.status in ['known', 'unknown']`;
const jobDimensions = { JobQueue: '$d.jobQueue', JobDefinition: '$d.jobDefinition' };
const where = { AvailabilityZone: '$placement.availabilityZone', InstanceType: '$placement.instanceType' };
const ids = { jobId: '$d.jobId', jobArn: '$d.jobArn', attempt: '$job.attempt' };

/**
 * A JSONata Pass state building the execution's metric message at `$.message`. When the event is
 * the job's first entry into its state:
 * - the transition (by state, queue, definition, launch type, node role, and — when the event
 *   names a container instance — the instance's compute environment, AZ and type; `unknown` and
 *   an `UncorrelatedEvents` count when the instance was never seen);
 * - each duration whose two ends (first entries) are now both recorded on the job item: the item is
 *   updated atomically, so of the two events of a pair exactly one sees both times, whatever their
 *   order of arrival — a duration is emitted once, by the later event. Run and total times come from
 *   Batch's own `startedAt`/`stoppedAt`/`createdAt` on the terminal event; the duration metrics
 *   leave out array and multi-node parents, whose times span their children's;
 * - on a terminal event, the `FinishedJobs` record with every correlated field and duration as
 *   properties (the per-job record for Logs Insights; parents included, an array parent without a
 *   run time since it is never RUNNING), and a count when durations are missing.
 * A retry attempt re-entering a state the job already entered yields only a `SkippedEvents` count,
 * and so does a transition whose entry another execution counted (a repeated delivery): the saved
 * entry carries that execution's mark, where a first delivery, or a retry of this execution's own
 * write after an error, finds this execution's.
 *
 * Whatever the transition gave, when the task the event names carries this execution's mark it is
 * counted placed (`JobsPlaced`, by the dimensions JobsPlaced gives an EC2 task: the instance's AZ,
 * type and compute environment, the job queue, the launch type) — once per task, by the first event
 * of the job that names it. On an unknown instance the compute environment comes from the task
 * ARN's cluster, and the AZ and instance type are `unknown`: a Batch job's event carries no AZ.
 *
 * JSONata, because durations need date arithmetic and the number of records varies.
 */
export function jobMetrics(): JsonataPassState {
  const seconds = (from: string, to: string): Expression => `$seconds($at('${from}'), $at('${to}'))`;
  const records = jsonataRecords([
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
    {
      metric: 'RunnableWaitTime',
      when: `$exists($wait)`,
      value: '$wait',
      dimensions: { ...jobDimensions, ...where },
      properties: ids,
    },
    {
      metric: 'StartupTime',
      when: `$exists($startup)`,
      value: '$startup',
      dimensions: { ...jobDimensions, ...where },
      properties: ids,
    },
    {
      metric: 'RunTime',
      when: `$exists($run)`,
      value: '$run',
      dimensions: { State: '$d.status', ...jobDimensions, ...where },
      properties: ids,
    },
    {
      metric: 'TotalTime',
      when: `$exists($total)`,
      value: '$total',
      dimensions: { State: '$d.status', ...jobDimensions },
      properties: ids,
    },
    {
      metric: 'SchedulingEfficiency',
      when: `$exists($efficiency)`,
      value: '$efficiency',
      dimensions: jobDimensions,
      properties: ids,
    },
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
        runnableWaitSeconds: seconds('RUNNABLE', 'STARTING'),
        startupSeconds: seconds('STARTING', 'RUNNING'),
        runSeconds: '$jobRun',
        totalSeconds: '$jobTotal',
        schedulingEfficiency: '$jobEfficiency',
      },
    },
    {
      metric: 'UncorrelatedEvents',
      when: `$job.terminal and $job.timed and $exists($d.startedAt) and (($waitsRunnable and $not($exists(${seconds('RUNNABLE', 'STARTING')}))) or $not($exists(${seconds('STARTING', 'RUNNING')})))`,
      dimensions: { Workflow: literal(WORKFLOW), Reason: literal(EARLIER_STATES_MISSING) },
      properties: ids,
    },
  ]);
  // The task is counted placed by the execution whose mark its attribute holds, whatever became of
  // the transition (a retry attempt's STARTING re-enters a state, yet places a new task).
  const taskPlaced = jsonataRecords([
    {
      metric: 'JobsPlaced',
      when: '$taskCounted',
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
  const reentered = jsonataRecord({
    metric: 'SkippedEvents',
    dimensions: { Workflow: literal(WORKFLOW), Reason: literal(STATE_REENTERED) },
    properties: { ...ids, status: '$d.status' },
  });
  const duplicate = jsonataRecord({
    metric: 'SkippedEvents',
    dimensions: { Workflow: literal(WORKFLOW), Reason: literal(DUPLICATE_TRANSITION) },
    properties: { eventId: '$e.id' },
  });
  const expression = `(
  $e := $states.input;
  $d := $e.detail;
  $job := $e.job;
  $saved := $e.saved.attributes;
  $counted := $lookup($saved, $job.stateKey).S in ${OWN_MARKS_JSONATA};
  $taskCounted := $exists($job.taskKey) and $lookup($saved, $job.taskKey).S in ${OWN_MARKS_JSONATA};
  $remembered := $lookup($saved, '${JOBS_TABLE.placementAttribute}').M;
  $placement := $e.placement.status in ['known', 'unknown'] ? $e.placement :
    ($exists($remembered) ? {
      'status': 'known',
      'containerInstanceArn': $remembered.arn.S,
      'ec2InstanceId': $remembered.ec2.S,
      'computeEnvironment': $remembered.ce.S,
      'availabilityZone': $remembered.az.S,
      'instanceType': $remembered.type.S
    } : { 'status': 'none' });
  $firstEntry := $lookup($saved, $job.firstKey).M;
  $first := $not($exists($firstEntry)) or $number($firstEntry.a.N) = $job.attempt;
  $at := function($state) { $number($lookup($saved, $state).M.t.N) };
  $seconds := function($from, $to) { ($exists($from) and $exists($to)) ? $round(($to - $from) / 1000, 3) : undefined };
  $waitsRunnable := $not($exists($job.nodeRole));
  $wait := ($job.timed and $d.status in ['RUNNABLE', 'STARTING']) ? ${seconds('RUNNABLE', 'STARTING')} : undefined;
  $startup := ($job.timed and $d.status in ['STARTING', 'RUNNING']) ? ${seconds('STARTING', 'RUNNING')} : undefined;
  $ended := $job.terminal and $type($d.stoppedAt) = 'number';
  $jobRun := ($ended and $not($job.arrayParent) and $type($d.startedAt) = 'number') ? ($d.stoppedAt - $d.startedAt) / 1000 : undefined;
  $jobTotal := ($ended and $type($d.createdAt) = 'number') ? ($d.stoppedAt - $d.createdAt) / 1000 : undefined;
  $jobEfficiency := ($exists($jobRun) and $exists($jobTotal) and $jobTotal > 0) ? $round(100 * $jobRun / $jobTotal, 2) : undefined;
  $run := $job.timed ? $jobRun : undefined;
  $total := $job.timed ? $jobTotal : undefined;
  $efficiency := $job.timed ? $jobEfficiency : undefined;
  $merge([$e, { 'message': { 'source': ${literal(WORKFLOW)}, 'records': $append($not($counted) ? [${duplicate}] : ($first ? ${records} : [${reentered}]), ${taskPlaced}) } }])
)`;
  return jsonataPass(expression, SEND_STATE);
}
