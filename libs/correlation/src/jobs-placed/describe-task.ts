import { withNumberTexts } from '../asl/integrations';
import { BatchEnvironmentVariable, CLOUDTRAIL_REDACTED } from '@batchmon/event-schemas';
import type { JsonataPassState } from '../asl/asl';
import { jsonataPass } from '../asl/jsonata';
import { JOBS_TABLE, UNKNOWN } from '../instances/instance-item';

/** How long a job item written by JobsPlaced alone is kept, in days. */
export interface PlacementRetention {
  /**
   * After the task was placed, unless JobStates already set the job's expiry (it owns it: some days
   * after the job ends). Long enough for any job to end, so that JobStates takes over.
   */
  readonly afterPlacementDays: number;
}

/** Default retention of job items first written by JobsPlaced. */
export const DEFAULT_PLACEMENT_RETENTION: PlacementRetention = { afterPlacementDays: 30 };

/**
 * A JSONata Pass state that reads an ECS Task State Change into `$.task`:
 * - `jobId`, from `AWS_BATCH_JOB_ID` in the container overrides' environment (absent when the
 *   task carries none: not a Batch job, or redacted);
 * - `jobQueue`: `AWS_BATCH_JQ_NAME`, else `unknown`;
 * - `computeEnvironment`: `AWS_BATCH_CE_NAME`, else the cluster ARN (the metrics Lambda derives the
 *   compute environment from a Batch cluster's name), else `unknown`;
 * - `taskArn` and `containerInstanceArn` when they are non-empty strings (absent otherwise), and
 *   `key`, the task's attribute on the job item (`task#<task id>`: the id, unique to the task, is
 *   the last part of its ARN, a third of the ARN's length);
 * - `availabilityZone`, `lastStatus` (`unknown` when absent) and `launchType` (when absent: `EC2`
 *   for a task on a container instance, else `FARGATE`);
 * - `expiresAt`, epoch seconds, for a job item this workflow creates.
 *
 * JSONata, because JSONPath cannot look environment entries up by name with a default (a filter
 * that matches nothing fails the execution) nor do date arithmetic. Everything else in the
 * workflow is JSONPath.
 */
export function describeTask(retention: PlacementRetention, next: string): JsonataPassState {
  const expression = `(
  $event := $states.input;
  $task := $event.detail;
  $text := function($value) { $type($value) = 'string' and $value != '' and $value != '${CLOUDTRAIL_REDACTED}' ? $value };
  $variable := function($name) { ($task.overrides.containerOverrides.environment[name = $name and $text(value)])[0].value };
  $or := function($value, $default) { $exists($value) ? $value : $default };
  $instance := $text($task.containerInstanceArn);
  $merge([$event, { 'task': ${withNumberTexts(`{
    'jobId': $variable('${BatchEnvironmentVariable.JobId}'),
    'jobQueue': $or($variable('${BatchEnvironmentVariable.JobQueueName}'), '${UNKNOWN}'),
    'computeEnvironment': $or($variable('${BatchEnvironmentVariable.ComputeEnvironmentName}'), $or($text($task.clusterArn), '${UNKNOWN}')),
    'taskArn': $text($task.taskArn),
    'key': $exists($text($task.taskArn)) ? '${JOBS_TABLE.taskAttributePrefix}' & $split($task.taskArn, '/')[-1] : undefined,
    'containerInstanceArn': $instance,
    'availabilityZone': $or($text($task.availabilityZone), '${UNKNOWN}'),
    'launchType': $or($text($task.launchType), $exists($instance) ? 'EC2' : 'FARGATE'),
    'lastStatus': $or($text($task.lastStatus), '${UNKNOWN}'),
    'expiresAt': $floor($toMillis($event.time) / 1000) + ${retention.afterPlacementDays * 86400}
  }`, ['expiresAt'])} }])
)`;
  return jsonataPass(expression, next);
}
