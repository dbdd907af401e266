import type { State } from '../asl/asl';
import { CONDITIONAL_CHECK_FAILED, TRANSIENT_RETRY, integrationArn, num, str, withNumberTexts } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { DELIVERIES_TABLE } from '../instances/instance-item';
import type { Expression } from '../records/jsonata-records';
import { skip } from '../records/skips';

/** How long a counted delivery is remembered. */
export interface DeliveryRetention {
  /** Days after the event's time; longer than any redelivery (the rules drop events older than 2 hours). */
  readonly days: number;
}

/** Default retention of delivery items. */
export const DEFAULT_DELIVERY_RETENTION: DeliveryRetention = { days: 1 };

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
 * States that let an event through once: a JSONata Pass working out the delivery key and its expiry
 * (date arithmetic, which JSONPath cannot do), then a conditional put of the key in the deliveries
 * table; a repeated delivery fails the condition and is counted as skipped with `duplicateReason`.
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
    [remember]: {
      Type: 'Task',
      Resource: integrationArn(options.partition, 'putItem'),
      Comment: 'EventBridge delivers at least once: the condition fails for a delivery already counted.',
      Parameters: {
        TableName: options.table,
        Item: {
          [DELIVERIES_TABLE.partitionKey]: str('$.delivery.key'),
          [DELIVERIES_TABLE.timeToLiveAttribute]: num('$.delivery.n.expiresAt'),
        },
        ConditionExpression: `attribute_not_exists(${DELIVERIES_TABLE.partitionKey})`,
      },
      ResultPath: null,
      Retry: TRANSIENT_RETRY,
      Catch: [{ ErrorEquals: [CONDITIONAL_CHECK_FAILED], Next: duplicate, ResultPath: null }],
      Next: options.next,
    },
    [duplicate]: skip(options.workflow, options.duplicateReason),
  };
}
