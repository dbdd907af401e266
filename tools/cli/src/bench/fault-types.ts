import { INTEGRATIONS } from '@batchmon/correlation';
import type { MetricName } from '@batchmon/metrics';
import type { FaultInjector } from '@batchmon/emulator';

/**
 * The AWS faults `npm run bench:faults` injects, each at a rate into the local pipeline. Names
 * follow what AWS documents can happen: throttling in bursts, internal errors, writes that commit
 * and still answer an error (DynamoDB documents a 500 after a committed write), sends that SQS took
 * and still answer an error, Lambda invocations failing before or after their output, duplicate
 * SQS deliveries, and executions that fail for good (a permanent error).
 */
export const FAULT_TYPES = [
  'throttling-burst',
  'internal-error',
  'committed-then-error',
  'sent-then-error',
  'lambda-before-output',
  'lambda-after-output',
  'duplicate-sqs-delivery',
  'failed-execution',
] as const;

/** A fault type of the benchmark. */
export type FaultType = (typeof FAULT_TYPES)[number];

const DYNAMODB_WRITES = [INTEGRATIONS.putItem, INTEGRATIONS.updateItem] as const;

/** How a fault type is injected; `undefined` when it cannot happen in batchmon's design, with why. */
export function injectFault(type: FaultType, faults: FaultInjector, rate: number): { readonly applicable: true } | { readonly applicable: false; readonly why: string } {
  switch (type) {
    case 'throttling-burst':
      // Four calls in a row: more than the retry budget of the replaced system (about 3.5 s).
      for (const resource of [...DYNAMODB_WRITES, INTEGRATIONS.getItem]) {
        faults.inject({ resource, error: 'DynamoDB.ProvisionedThroughputExceededException', rate, burst: 4 });
      }
      faults.inject({ resource: INTEGRATIONS.sendMessage, error: 'SQS.RequestThrottledException', rate, burst: 4 });
      return { applicable: true };
    case 'internal-error':
      for (const resource of [...DYNAMODB_WRITES, INTEGRATIONS.getItem]) faults.inject({ resource, error: 'DynamoDB.InternalServerErrorException', rate });
      return { applicable: true };
    case 'committed-then-error':
      for (const resource of DYNAMODB_WRITES) faults.inject({ resource, error: 'DynamoDB.InternalServerErrorException', rate, timing: 'after-call' });
      return { applicable: true };
    case 'sent-then-error':
      // The send reached SQS and its answer was lost (a timeout, a reset connection): the Java SDK's
      // SdkClientException, which Step Functions reports as `SQS.SdkClientException`.
      faults.inject({ resource: INTEGRATIONS.sendMessage, error: 'SQS.SdkClientException', rate, timing: 'after-call' });
      return { applicable: true };
    case 'lambda-before-output':
      faults.injectLambda({ timing: 'before-output', rate });
      return { applicable: true };
    case 'lambda-after-output':
      faults.injectLambda({ timing: 'after-output', rate });
      return { applicable: true };
    case 'duplicate-sqs-delivery':
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-exactly-once-processing.html
      // What remains is a duplicate invocation by Lambda's event source mapping itself, which Lambda
      // documents as possible for every source: only a deduplication store in the function would
      // close it, at one DynamoDB write per message ($0.625 per million).
      return {
        applicable: false,
        why:
          'not injected: the metrics queue is FIFO, which never delivers a message twice, and the Lambda deletes what it wrote before returning, ' +
          'so a message cannot come back after it was published (a duplicate invocation by Lambda itself stays possible, as Lambda documents)',
      };
    case 'failed-execution':
      for (const resource of DYNAMODB_WRITES) faults.inject({ resource, error: 'DynamoDB.ValidationException', cause: 'injected permanent error', rate });
      return { applicable: true };
  }
}

/** What one fault type did to the counts, against the simulator's ground truth. */
export interface FaultOutcome {
  readonly type: FaultType;
  readonly rate: number;
  /** Events delivered. */
  readonly events: number;
  /** Faults that struck. */
  readonly injected: number;
  /** Counts the truth has that batchmon did not emit, summed over the metrics compared. */
  readonly lost: number;
  /** Counts batchmon emitted beyond the truth. */
  readonly duplicated: number;
  /** Events handed to the failed-events queue and sent back. */
  readonly redriven: number;
  /** Per metric, emitted minus expected, where they differ. */
  readonly differences: Readonly<Partial<Record<MetricName, number>>>;
  /** Why the fault was not injected, when it cannot happen in batchmon's design. */
  readonly notApplicable?: string;
}

/**
 * Compares emitted metric totals with the truth's: what is missing counts as lost, what is in
 * excess as duplicated (per metric, so a loss in one metric never hides a double count in another).
 * @example
 * compareTotals({ JobStateTransitions: 10 }, { JobStateTransitions: 9 }); // { lost: 1, duplicated: 0, … }
 */
export function compareTotals(
  expected: Readonly<Partial<Record<MetricName, number>>>,
  emitted: Readonly<Partial<Record<MetricName, number>>>,
): { readonly lost: number; readonly duplicated: number; readonly differences: Partial<Record<MetricName, number>> } {
  let lost = 0;
  let duplicated = 0;
  const differences: Partial<Record<MetricName, number>> = {};
  for (const metric of Object.keys(expected) as MetricName[]) {
    const difference = (emitted[metric] ?? 0) - (expected[metric] ?? 0);
    if (difference === 0) continue;
    differences[metric] = difference;
    if (difference < 0) lost -= difference;
    else duplicated += difference;
  }
  return { lost, duplicated, differences };
}
