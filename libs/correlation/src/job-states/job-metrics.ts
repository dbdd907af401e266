import type { JsonataPassState } from '../asl/asl';
import { jsonataRecords, literal, type Expression } from '../records/jsonata-records';
import { SEND_STATE } from '../records/skips';
import { jsonataPass } from '../asl/jsonata';

/** Reason counted when a placed job's instance was never seen registering. */
export const INSTANCE_NOT_REGISTERED = 'instance-not-registered';
/** Reason counted when a job ended before batchmon saw its RUNNABLE, STARTING or RUNNING event. */
export const EARLIER_STATES_MISSING = 'earlier-states-missing';

/** The workflow name in records (its `Workflow` dimension and the message source). */
const WORKFLOW = 'JobStates';

// Variables bound at the top of the expression (see below).
const placed = `$placement.status in ['known', 'unknown']`;
const jobDimensions = { JobQueue: '$d.jobQueue', JobDefinition: '$d.jobDefinition' };
const where = { AvailabilityZone: '$placement.availabilityZone', InstanceType: '$placement.instanceType' };
const ids = { jobId: '$d.jobId', jobArn: '$d.jobArn', attempt: '$job.attempt' };

/**
 * A JSONata Pass state building the execution's metric message at `$.message`:
 * - the transition (by state, queue, definition, launch type, node role, and the instance's
 *   compute environment, AZ and type when placed — `unknown` and an `UncorrelatedEvents` count
 *   when the instance was never seen);
 * - each duration whose two ends are now both recorded on the job item: the item is updated
 *   atomically, so of the two events of a pair exactly one sees both times, whatever their order
 *   of arrival — a duration is emitted once, by the later event. Run and total times come from
 *   Batch's own `startedAt`/`stoppedAt`/`createdAt` on the terminal event;
 * - on a terminal event, the `FinishedJobs` record with every correlated field and duration as
 *   properties (the per-job record for Logs Insights), and a count when durations are missing.
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
        ComputeEnvironment: `${placed} ? $placement.computeEnvironment : undefined`,
        AvailabilityZone: `${placed} ? $placement.availabilityZone : undefined`,
        InstanceType: `${placed} ? $placement.instanceType : undefined`,
      },
      properties: { ...ids, containerInstanceArn: '$placement.containerInstanceArn', ec2InstanceId: '$placement.ec2InstanceId' },
    },
    {
      metric: 'UncorrelatedEvents',
      when: `$placement.status = 'unknown'`,
      dimensions: { Workflow: literal(WORKFLOW), Reason: literal(INSTANCE_NOT_REGISTERED) },
      properties: { ...ids, containerInstanceArn: '$placement.containerInstanceArn' },
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
        runSeconds: '$run',
        totalSeconds: '$total',
        schedulingEfficiency: '$efficiency',
      },
    },
    {
      metric: 'UncorrelatedEvents',
      when: `$job.terminal and $job.timed and $exists($d.startedAt) and ($not($exists(${seconds('RUNNABLE', 'STARTING')})) or $not($exists(${seconds('STARTING', 'RUNNING')})))`,
      dimensions: { Workflow: literal(WORKFLOW), Reason: literal(EARLIER_STATES_MISSING) },
      properties: ids,
    },
  ]);
  const expression = `(
  $e := $states.input;
  $d := $e.detail;
  $job := $e.job;
  $saved := $e.saved.attributes;
  $remembered := $saved.placement.M;
  $placement := $e.placement.status in ['known', 'unknown'] ? $e.placement :
    ($exists($remembered) ? {
      'status': 'known',
      'containerInstanceArn': $remembered.containerInstanceArn.S,
      'ec2InstanceId': $remembered.ec2InstanceId.S,
      'computeEnvironment': $remembered.computeEnvironment.S,
      'availabilityZone': $remembered.availabilityZone.S,
      'instanceType': $remembered.instanceType.S
    } : { 'status': 'none' });
  $at := function($state) { $lookup($saved, $state & '#' & $string($job.attempt)).S };
  $seconds := function($from, $to) { ($exists($from) and $exists($to)) ? $round(($toMillis($to) - $toMillis($from)) / 1000, 3) : undefined };
  $wait := ($job.timed and $d.status in ['RUNNABLE', 'STARTING']) ? ${seconds('RUNNABLE', 'STARTING')} : undefined;
  $startup := ($job.timed and $d.status in ['STARTING', 'RUNNING']) ? ${seconds('STARTING', 'RUNNING')} : undefined;
  $ended := $job.terminal and $job.timed and $type($d.stoppedAt) = 'number';
  $run := ($ended and $type($d.startedAt) = 'number') ? ($d.stoppedAt - $d.startedAt) / 1000 : undefined;
  $total := ($ended and $type($d.createdAt) = 'number') ? ($d.stoppedAt - $d.createdAt) / 1000 : undefined;
  $efficiency := ($exists($run) and $exists($total) and $total > 0) ? $round(100 * $run / $total, 2) : undefined;
  $merge([$e, { 'message': { 'source': ${literal(WORKFLOW)}, 'records': ${records} } }])
)`;
  return jsonataPass(expression, SEND_STATE);
}
