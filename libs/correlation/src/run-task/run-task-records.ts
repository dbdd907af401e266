import { BatchEnvironmentVariable, BatchTaskTag, CLOUDTRAIL_REDACTED } from '@batchmon/event-schemas';
import type { JsonataPassState } from '../asl/asl';
import { jsonataPass } from '../asl/jsonata';
import { UNKNOWN } from '../instances/instance-item';
import { jsonataRecord, literal } from '../records/jsonata-records';

/**
 * Failure reasons published as they are: code-like words such as `RESOURCE:MEMORY`, `AGENT`,
 * `ATTRIBUTE` or `PlatformTaskDefinitionIncompatibilityException` ("Amazon ECS API failure
 * reasons"), a small set. Anything else (free text, ids) becomes {@link OTHER_FAILURE_REASON}, with the
 * text kept in the record's properties, so that the `Reason` dimension stays bounded.
 */
export const PUBLISHED_FAILURE_REASON = /^[A-Za-z_]{1,64}(:[A-Za-z0-9_]{1,64})?$/;

/**
 * At most this many distinct free-text reasons are kept in a `PlacementFailures` record of reason
 * `other`: free text may name an instance or a task, so a call with hundreds of failures could
 * otherwise put hundreds of texts into one record (the message must fit SQS's 256 KiB).
 */
export const MAX_OTHER_REASON_TEXTS = 10;

/** The `Reason` of a placement failure whose reason is not code-like. */
export const OTHER_FAILURE_REASON = 'other';

/**
 * A JSONata Pass state that replaces its input with the execution's metric message at `$.message`
 * (the event is not carried on: a RunTask record may list hundreds of `failures[]`, and event plus
 * records could pass the 256 KiB limit on a state's input and output, `States.DataLimitExceeded` —
 * "Step Functions service quotas", https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html)
 * from a RunTask call:
 * - one `FailedRunTaskCalls` record by job queue and compute environment: 1 when the call returned
 *   placement failures (the only calls the rule lets through), 0 for a call that placed its task
 *   (none reaches the workflow from the rule; a direct start or a redrive still counts it true);
 * - one `PlacementFailures` record per distinct failure reason, whose value is the number of
 *   `responseElements.failures[]` entries with that reason (ECS reports one failure per container
 *   instance it could not use, so a large cluster yields hundreds of identical entries: one record
 *   per reason keeps the message small and the Sum per reason exact).
 *
 * CloudTrail redacts the overrides' environment values, so the job queue and compute environment
 * come from the request's `aws:batch:*` tags; else from an unredacted environment value; else
 * the compute environment from the cluster (name or ARN: the metrics Lambda derives the compute
 * environment from it) and the queue `unknown`.
 *
 * JSONata, because JSONPath cannot look tags up by key with a default, match a regular expression,
 * nor build a list whose length depends on the event.
 */
export function runTaskRecords(workflow: string, next: string): JsonataPassState {
  const common = { ComputeEnvironment: '$computeEnvironment', JobQueue: '$jobQueue' };
  const call = jsonataRecord({
    metric: 'FailedRunTaskCalls',
    value: '$count($failures) > 0 ? 1 : 0',
    dimensions: common,
    properties: {
      cluster: '$cluster',
      jobDefinition: '$jobDefinition',
      tasksStarted: '$count($response.tasks[])',
      placementFailures: '$count($failures)',
    },
  });
  const failure = jsonataRecord({
    metric: 'PlacementFailures',
    value: '$count($failures[$reasonOf(reason) = $reason])',
    dimensions: { ...common, Reason: '$reason' },
    properties: {
      cluster: '$cluster',
      jobDefinition: '$jobDefinition',
      reasons: `$reason = ${literal(OTHER_FAILURE_REASON)} ? [$filter([$distinct($failures[$reasonOf(reason) = $reason].reason)], function($v, $i) { $i < ${MAX_OTHER_REASON_TEXTS} })]`,
    },
  });
  const expression = `(
  $event := $states.input;
  $request := $event.detail.requestParameters;
  $response := $event.detail.responseElements;
  $text := function($value) { $type($value) = 'string' and $value != '' and $value != '${CLOUDTRAIL_REDACTED}' ? $value };
  $or := function($value, $default) { $exists($value) ? $value : $default };
  $tag := function($key) { ($request.tags[key = $key and $text(value)])[0].value };
  $variable := function($name) { ($request.overrides.containerOverrides.environment[name = $name and $text(value)])[0].value };
  $cluster := $or($text($request.cluster), '${UNKNOWN}');
  $computeEnvironment := $or($tag('${BatchTaskTag.ComputeEnvironment}'), $or($variable('${BatchEnvironmentVariable.ComputeEnvironmentName}'), $cluster));
  $jobQueue := $or($tag('${BatchTaskTag.JobQueue}'), $or($variable('${BatchEnvironmentVariable.JobQueueName}'), '${UNKNOWN}'));
  $jobDefinition := $tag('${BatchTaskTag.JobDefinition}');
  $reasonOf := function($reason) { $text($reason) ? ($contains($reason, /${PUBLISHED_FAILURE_REASON.source}/) ? $reason : ${literal(OTHER_FAILURE_REASON)}) : '${UNKNOWN}' };
  $failures := $response.failures[$type($) = 'object'];
  $reasons := $distinct($failures.$reasonOf(reason));
  { 'message': { 'source': ${literal(workflow)}, 'records': $append([${call}], $map($reasons, function($reason) { ${failure} })) } }
)`;
  return jsonataPass(expression, next);
}
