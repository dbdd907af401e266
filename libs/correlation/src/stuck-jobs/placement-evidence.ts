import { BATCH_CLUSTER_NAME_PATTERNS, BatchEnvironmentVariable, BatchTaskTag, CLOUDTRAIL_REDACTED } from '@batchmon/event-schemas';
import type { JsonataPassState, TaskState } from '../asl/asl';
import { TRANSIENT_RETRY, num, str, updateItem, withNumberTexts } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { PUBLISHED_FAILURE_REASON, OTHER_FAILURE_REASON } from '../run-task/run-task-records';
import { EVIDENCE_RETENTION_SECONDS, EVIDENCE_TABLE, evidenceBucket } from './evidence-item';

/**
 * A JSONata Pass state that reads, from a RunTask call, what the evidence of its placement failures
 * needs, into `$.placementEvidence`: the compute environment's name (the request's `aws:batch:*`
 * tag, which Batch gives as an ARN, an unredacted environment value, else the Batch cluster's
 * name), the bucket, one entry
 * `<epoch seconds>|<reason>` per distinct reason (code-like reasons as they are, others `other`,
 * as `PlacementFailures` publishes them), `any` (whether there is one) and the expiry.
 */
export function describePlacementEvidence(next: string): JsonataPassState {
  const expression = `(
  $event := $states.input;
  $request := $event.detail.requestParameters;
  $text := function($value) { $type($value) = 'string' and $value != '' and $value != '${CLOUDTRAIL_REDACTED}' ? $value };
  $tag := function($key) { ($request.tags[key = $key and $text(value)])[0].value };
  $variable := function($name) { ($request.overrides.containerOverrides.environment[name = $name and $text(value)])[0].value };
  $clusterName := $split($string($request.cluster), '/')[-1];
  $current := $match($clusterName, /${BATCH_CLUSTER_NAME_PATTERNS.current.source}/);
  $older := $match($clusterName, /${BATCH_CLUSTER_NAME_PATTERNS.older.source}/);
  $fromCluster := $exists($current) ? $current.groups[0] : ($exists($older) ? $older.groups[0] : $clusterName);
  $tagged := $tag('${BatchTaskTag.ComputeEnvironment}');
  $named := $exists($tagged) ? $tagged : ($exists($variable('${BatchEnvironmentVariable.ComputeEnvironmentName}')) ? $variable('${BatchEnvironmentVariable.ComputeEnvironmentName}') : $fromCluster);
  $ce := $split($string($named), '/')[-1];
  $seconds := $floor($toMillis($event.time) / 1000);
  $reasonOf := function($reason) { $text($reason) and $contains($reason, /${PUBLISHED_FAILURE_REASON.source}/) ? $reason : '${OTHER_FAILURE_REASON}' };
  $entries := $distinct($event.detail.responseElements.failures[$type($) = 'object'].($string($seconds) & '|' & $reasonOf(reason)));
  $merge([$event, { 'placementEvidence': ${withNumberTexts(
    `{
    'computeEnvironment': $type($ce) = 'string' and $ce != '' ? $ce : 'unknown',
    'bucket': ${evidenceBucket('$seconds * 1000')},
    'entries': $append([], $entries),
    'any': $count($entries) > 0,
    'expiresAt': $seconds + ${EVIDENCE_RETENTION_SECONDS}
  }`,
    ['expiresAt'],
  )} }])
)`;
  return jsonataPass(expression, next);
}

/**
 * The update adding a RunTask call's placement failure reasons to its compute environment's
 * evidence (a set union: a repeated delivery, were it to get here, adds nothing).
 */
export function rememberPlacementFailures(partition: string, evidenceTable: string, next: string): TaskState {
  return updateItem(
    partition,
    {
      TableName: evidenceTable,
      Key: { [EVIDENCE_TABLE.partitionKey]: str('$.placementEvidence.computeEnvironment'), [EVIDENCE_TABLE.sortKey]: str('$.placementEvidence.bucket') },
      UpdateExpression: 'ADD #entries :entries SET #expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#entries': EVIDENCE_TABLE.placementFailuresAttribute, '#expiresAt': EVIDENCE_TABLE.timeToLiveAttribute },
      ExpressionAttributeValues: { ':entries': { 'SS.$': '$.placementEvidence.entries' }, ':expiresAt': num('$.placementEvidence.n.expiresAt') },
    },
    { Comment: 'Evidence for the diagnosis of stuck jobs: the compute environment refused placements, and why.', ResultPath: null, Retry: TRANSIENT_RETRY, Next: next },
  );
}
