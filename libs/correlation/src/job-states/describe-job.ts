import { JOB_STATUSES } from '@batchmon/event-schemas';
import { withNumberTexts } from '../asl/integrations';
import type { JsonataPassState } from '../asl/asl';
import { jsonataPass } from '../asl/jsonata';
import { JOBS_TABLE } from '../instances/instance-item';

/** How long job items are kept, in days. */
export interface JobRetention {
  /** After the job succeeded or failed. */
  readonly afterEndDays: number;
  /** After any other transition, in case the job's end is never seen. */
  readonly whileActiveDays: number;
}

/** Default retention of job items. */
export const DEFAULT_JOB_RETENTION: JobRetention = { afterEndDays: 7, whileActiveDays: 30 };

/** States in which a job has been placed on compute (and may carry a container instance). */
export const PLACED_STATES = ['STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
/** States after which a job never changes again. */
export const TERMINAL_STATES = ['SUCCEEDED', 'FAILED'] as const;

const list = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

/** JSONata: each job state's place in `JOB_STATUSES` (the order a job goes through them). */
const STATE_ORDER = `{ ${JOB_STATUSES.map((status, order) => `${JSON.stringify(status)}: ${order}`).join(', ')} }`;


/**
 * A JSONata Pass state that reads, from a Batch Job State Change, what the rest of JobStates
 * decides on, into `$.job`:
 * - `attempt`: the attempt the event belongs to (`attempts` lists finished attempts, so a terminal
 *   event counts its own), and `stateKey` (`RUNNING#0`): the attribute that records when the job
 *   entered this state in this attempt — written once, so a repeated delivery is detected;
 * - `firstKey` (`RUNNING`): the attribute that records the job's first entry into the state, of
 *   whichever attempt (`{ t, a }`: epoch milliseconds and attempt): transitions and durations are
 *   per job, as the catalog defines them, so a retry re-entering RUNNABLE is not a second transition;
 * - `timeMs`: the event's time in epoch milliseconds (8 bytes in the item where the ISO text takes 20);
 * - `containerInstanceArn`, for placed states: from `container`, the first task of
 *   `ecsProperties` (multi-container jobs), or the last attempt, whichever first names one; absent
 *   for Fargate, EKS and the parents of array and multi-node jobs, which are never placed themselves;
 * - `taskArn`, the ECS task on that instance, from the same place (AWS Batch gives an attempt its
 *   task ARN when it reaches STARTING: "AttemptContainerDetail", AWS Batch API Reference), with
 *   `taskKey`, the task's attribute on the job item (`task#<task id>`, as JobsPlaced names it, so
 *   that a task is counted once whichever workflow sees it first), and `taskCluster`, the cluster
 *   name a current task ARN carries (`task/<cluster>/<id>`), for the compute environment when the
 *   instance is unknown;
 * - `launchType` (EC2, FARGATE or EKS), `nodeRole` (main or child, for multi-node nodes),
 *   each decided by what the event says the job is — `platformCapabilities`, EKS pod properties or
 *   attempts with content, `nodeDetails` with a node index — never by a field merely being there:
 *   real events carry other kinds' fields empty (`eksAttempts: []`, `platformCapabilities: []`,
 *   `nodeProperties` without `numNodes`);
 *   `timed` (whether the duration metrics apply: not to array or multi-node parents, whose times
 *   span their children's), `arrayParent` (never RUNNING: AWS Batch moves an array parent from
 *   PENDING straight to SUCCEEDED or FAILED), `terminal`;
 * - `expiresAt`, in epoch seconds;
 * - `stateEntry` (`1|2|1764440000`): the job's entry into this state in this attempt, for the
 *   state set of the live counts (attempt, the state's place in `JOB_STATUSES`, epoch seconds):
 *   the same for every delivery of the event; `queue`, the job queue's name, kept under
 *   `queueAttribute` (`live` until the job ends, then `ended`), the other one removed
 *   (`otherQueueAttribute`), so that the job is in the live index exactly while it has not ended.
 *
 * JSONata, because JSONPath has no defaults for absent fields, no date arithmetic and no array
 * length comparison.
 */
export function describeJob(retention: JobRetention, next: string): JsonataPassState {
  const expression = `(
  $event := $states.input;
  $d := $event.detail;
  $terminal := $d.status in ${list(TERMINAL_STATES)};
  $finished := $count($d.attempts);
  $attempt := ($terminal and $finished > 0) ? $finished - 1 : $finished;
  $arrayParent := $type($d.arrayProperties.size) = 'number' and $not($type($d.arrayProperties.index) = 'number');
  $node := $type($d.nodeDetails.nodeIndex) = 'number' or $type($d.nodeDetails.isMainNode) = 'boolean';
  $multiNodeParent := $type($d.nodeProperties.numNodes) = 'number' and $d.nodeProperties.numNodes > 0 and $not($node);
  $parent := $arrayParent or $multiNodeParent;
  $text := function($value) { $type($value) = 'string' and $value != '' ? $value };
  $sources := [$d.container, $d.ecsProperties.taskProperties[0], $d.attempts[-1].container, $d.attempts[-1].taskProperties[0]];
  $placedOn := ($d.status in ${list(PLACED_STATES)} and $not($parent)) ? $sources[$text(containerInstanceArn)][0] : undefined;
  $instance := $text($placedOn.containerInstanceArn);
  $task := $text($placedOn.taskArn);
  $eks := ($type($d.eksProperties.podProperties) = 'object' and $count($keys($d.eksProperties.podProperties)) > 0) or
    $count($d.eksAttempts) > 0;
  $launchType := 'FARGATE' in $d.platformCapabilities ? 'FARGATE' : ($eks ? 'EKS' : 'EC2');
  $nodeRole := $node ? ($d.nodeDetails.isMainNode = true ? 'main' : 'child') : undefined;
  $seconds := $floor($toMillis($event.time) / 1000);
  $merge([$event, { 'job': ${withNumberTexts(`{
    'attempt': $attempt,
    'stateKey': $d.status & '#' & $string($attempt),
    'firstKey': $d.status,
    'timeMs': $toMillis($event.time),
    'terminal': $terminal,
    'timed': $not($parent),
    'arrayParent': $arrayParent,
    'containerInstanceArn': $instance,
    'taskArn': $task,
    'taskKey': $exists($task) ? '${JOBS_TABLE.taskAttributePrefix}' & $split($task, '/')[-1] : undefined,
    'taskCluster': $exists($task) and $count($split($task, '/')) = 3 ? $split($task, '/')[1] : undefined,
    'launchType': $launchType,
    'nodeRole': $nodeRole,
    'expiresAt': $seconds + ($terminal ? ${retention.afterEndDays * 86400} : ${retention.whileActiveDays * 86400}),
    'stateEntry': $string($attempt) & '|' & $string($lookup(${STATE_ORDER}, $d.status)) & '|' & $string($seconds),
    'queue': $split($d.jobQueue, '/')[-1],
    'queueAttribute': $terminal ? '${JOBS_TABLE.endedAttribute}' : '${JOBS_TABLE.liveAttribute}',
    'otherQueueAttribute': $terminal ? '${JOBS_TABLE.liveAttribute}' : '${JOBS_TABLE.endedAttribute}'
  }`, ['attempt', 'timeMs', 'expiresAt'])} }])
)`;
  return jsonataPass(expression, next);
}
