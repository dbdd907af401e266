import type { State } from '../asl/asl';
import { TRANSIENT_RETRY, num, str, updateItem, withNumberTexts } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { DELIVERIES_TABLE } from '../instances/instance-item';
import { WRITER_EXECUTION, ownMarkChoice } from '../failures/writer-mark';
import type { Expression } from '../records/jsonata-records';
import { skip } from '../records/skips';

/** How long a counted delivery is remembered. */
export interface DeliveryRetention {
  /** Days after the event's time; longer than any redelivery (the rules drop events older than 2 hours). */
  readonly days: number;
}

/** Default retention of delivery items. */
export const DEFAULT_DELIVERY_RETENTION: DeliveryRetention = { days: 1 };

/**
 * The identity of a CloudTrail API call for {@link countOnce}: CloudTrail's own `eventID`, should
 * the same record ever reach EventBridge twice, else the EventBridge event's id.
 */
export const CLOUDTRAIL_CALL_IDENTITY: Expression = `($type($event.detail.eventID) = 'string' and $event.detail.eventID != '' ? $event.detail.eventID : $event.id)`;

/** Options of {@link countOnce}. */
export interface CountOnceOptions {
  /** The workflow (its name prefixes the key, so workflows never share one). */
  readonly workflow: string;
  /**
   * JSONata expression, over `$event` (the state input), of what is counted once: an event id, a
   * CloudTrail `eventID`, a group name. Must yield a non-empty string for every event that gets here.
   */
  readonly identity: Expression;
  /** What is counted, for the state names ("the call", "the group"). */
  readonly what: string;
  /** Name of the deliveries table. */
  readonly table: string;
  /** Partition of the state machine (`aws`, `aws-cn`, …), for the Task's resource ARN. */
  readonly partition: string;
  /** `SkippedEvents` reason of a repeated delivery, e.g. `duplicate-call`. */
  readonly duplicateReason: string;
  /** First state of the states this helper adds. */
  readonly name: string;
  /** Where a first delivery goes on. */
  readonly next: string;
  readonly retention?: DeliveryRetention;
}

/**
 * States that let an event through once: a JSONata Pass working out the delivery key and its
 * expiry (date arithmetic, which JSONPath cannot do), then an update that writes this execution's
 * mark on the key only if none is there (`if_not_exists`) and returns the mark the item holds
 * afterwards, and a Choice on it (see `failures/writer-mark.ts`: a redriven event also owns the
 * mark of the execution that failed on it):
 * - this execution's mark: the first delivery, or a retry of this execution's own write that had
 *   committed before an error (DynamoDB documents that an internal server error can follow a
 *   write that succeeded) — counted, never lost;
 * - another execution's mark: a repeated delivery (EventBridge delivers at least once, with the
 *   same event id, to a new execution) — counted as skipped with `duplicateReason`.
 * No condition fails on a routine duplicate, so it logs no TaskFailed record: Step Functions logs
 * every TaskFailed at level ERROR, also when a Catch handles it ("Log levels", Step Functions
 * developer guide).
 * For workflows that have no item of their own to hang idempotency on (JobStates and JobsPlaced use
 * the job's item, InstanceRegistration the instance's).
 *
 * The event's `time` must have been checked present before.
 *
 * @example
 * const states = countOnce({ workflow: 'RunTask', identity: '$event.id', what: 'the call', table, duplicateReason: 'duplicate-call', name: 'Identify the call', next: 'Count the call' });
 */
export function countOnce(options: CountOnceOptions): Record<string, State> {
  const retention = options.retention ?? DEFAULT_DELIVERY_RETENTION;
  const remember = `Remember that ${options.what} was counted`;
  const decide = `Was ${options.what} counted by this execution?`;
  const duplicate = `Skip: ${options.what} was already counted`;
  const expression = `(
  $event := $states.input;
  $merge([$event, { 'delivery': ${withNumberTexts(`{
    'key': ${JSON.stringify(`${options.workflow}#`)} & ${options.identity},
    'expiresAt': $floor($toMillis($event.time) / 1000) + ${retention.days * 86400}
  }`, ['expiresAt'])} }])
)`;
  return {
    [options.name]: jsonataPass(expression, remember),
    [remember]: updateItem(
      options.partition,
      {
        TableName: options.table,
        Key: { [DELIVERIES_TABLE.partitionKey]: str('$.delivery.key') },
        UpdateExpression: `SET ${DELIVERIES_TABLE.markAttribute} = if_not_exists(${DELIVERIES_TABLE.markAttribute}, :mark), #expiresAt = if_not_exists(#expiresAt, :expiresAt)`,
        ExpressionAttributeNames: { '#expiresAt': DELIVERIES_TABLE.timeToLiveAttribute },
        ExpressionAttributeValues: { ':mark': str(WRITER_EXECUTION), ':expiresAt': num('$.delivery.n.expiresAt') },
        ReturnValues: 'UPDATED_NEW',
      },
      {
        Comment: 'Writes this execution’s mark unless the key has one; the mark it holds afterwards tells who counted it.',
        ResultSelector: { [`mark.$`]: `$.Attributes.${DELIVERIES_TABLE.markAttribute}.S` },
        ResultPath: '$.counted',
        Retry: TRANSIENT_RETRY,
        Next: decide,
      },
    ),
    [decide]: ownMarkChoice('$.counted.mark', options.next, duplicate),
    [duplicate]: skip(options.workflow, options.duplicateReason),
  };
}
