import type { State } from '../asl/asl';
import { TRANSIENT_RETRY, getItem, str } from '../asl/integrations';
import { INSTANCES_TABLE } from './instance-item';

/** How long a workflow waits for an instance it does not know yet. */
export interface InstanceWait {
  /** Lookups after the first one. */
  readonly retries: number;
  /** Seconds between lookups. */
  readonly intervalSeconds: number;
}

/** Options of {@link lookUpInstance}. */
export interface InstanceLookup {
  /** Name of the instances table. */
  readonly table: string;
  /** Partition of the state machine (`aws`, `aws-cn`, …), for the Task's resource ARN. */
  readonly partition: string;
  /** JSONPath of the container instance ARN to look up. */
  readonly containerInstanceArn: `$.${string}`;
  /** Item attributes (strings) the workflow needs; the instance counts as known when all are there. */
  readonly attributes: readonly string[];
  readonly wait: InstanceWait;
  /** State to go on to when the instance is known: its item is at `$.lookup.Item`. */
  readonly whenKnown: string;
  /** State to go on to when it is still unknown after the last lookup. */
  readonly whenUnknown: string;
}

/** Name of the first state of {@link lookUpInstance}. */
export const LOOK_UP_INSTANCE = 'Start looking up the instance';

/**
 * The states that look a container instance up in the instances table, waiting a bounded number
 * of times for one not registered yet (its registration may be a few seconds behind the event):
 * never an unbounded loop — the system this replaces looped until the Express 5-minute limit,
 * losing the metric and billing up to 300 s. The lookup count is kept at `$.lookups`.
 */
export function lookUpInstance(lookup: InstanceLookup): Record<string, State> {
  return {
    [LOOK_UP_INSTANCE]: { Type: 'Pass', Result: { count: 0 }, ResultPath: '$.lookups', Next: 'Look up the instance' },
    'Look up the instance': getItem(
      lookup.partition,
      {
        TableName: lookup.table,
        Key: { [INSTANCES_TABLE.partitionKey]: str(lookup.containerInstanceArn) },
        ProjectionExpression: lookup.attributes.join(', '),
      },
      // No ResultSelector: `Item` is absent when the instance is unknown, and selecting it would fail.
      { ResultPath: '$.lookup', Retry: TRANSIENT_RETRY, Next: 'Is the instance known?' },
    ),
    'Is the instance known?': {
      Type: 'Choice',
      Choices: [
        {
          And: lookup.attributes.map((attribute) => ({ Variable: `$.lookup.Item.${attribute}.S`, IsPresent: true })),
          Next: lookup.whenKnown,
        },
        { Variable: '$.lookups.count', NumericLessThan: lookup.wait.retries, Next: 'Wait for the instance to register' },
      ],
      Default: lookup.whenUnknown,
    },
    'Wait for the instance to register': {
      Type: 'Wait',
      Comment: 'Bounded by the lookup count: never waits until the Express limit.',
      Seconds: lookup.wait.intervalSeconds,
      Next: 'Count the lookup',
    },
    'Count the lookup': {
      Type: 'Pass',
      Parameters: { 'count.$': 'States.MathAdd($.lookups.count, 1)' },
      ResultPath: '$.lookups',
      Next: 'Look up the instance',
    },
  };
}
