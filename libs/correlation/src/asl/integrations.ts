import type { Json, Retrier, TaskState } from './asl';

/** The service actions of the direct integrations the workflows call (no Lambda), by short name. */
export const INTEGRATION_ACTIONS = {
  getItem: 'dynamodb:getItem',
  putItem: 'dynamodb:putItem',
  updateItem: 'dynamodb:updateItem',
  sendMessage: 'sqs:sendMessage',
  enableMetricsCollection: 'aws-sdk:autoscaling:enableMetricsCollection',
  describeAutoScalingGroups: 'aws-sdk:autoscaling:describeAutoScalingGroups',
} as const;

/** Short name of an integration the workflows call. */
export type Integration = keyof typeof INTEGRATION_ACTIONS;

/** What every workflow definition needs to name its Task resources. */
export interface PartitionResources {
  /**
   * The AWS partition the state machine runs in (`aws`, `aws-cn`, `aws-us-gov`): the stack passes
   * the `AWS::Partition` token. A Task's Resource is `arn:<partition>:states:::<service>:<action>`,
   * so an ARN written for `aws` names no integration in China or GovCloud ("Amazon Resource Names",
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
   */
  readonly partition: string;
}

/**
 * The Resource ARN of a direct service integration in `partition`.
 *
 * @example
 * integrationArn('aws-cn', 'getItem'); // 'arn:aws-cn:states:::dynamodb:getItem'
 */
export function integrationArn(partition: string, integration: Integration): string {
  return `arn:${partition}:states:::${INTEGRATION_ACTIONS[integration]}`;
}

/**
 * Every integration's Resource ARN in `partition`.
 *
 * @example
 * integrationArns('aws').putItem; // 'arn:aws:states:::dynamodb:putItem' (what the local emulator resolves AWS::Partition to)
 */
export function integrationArns(partition: string): Readonly<Record<Integration, string>> {
  const entries = (Object.keys(INTEGRATION_ACTIONS) as Integration[]).map((integration) => [integration, integrationArn(partition, integration)] as const);
  return Object.fromEntries(entries) as Record<Integration, string>;
}

/**
 * The integrations' ARNs in the `aws` partition: what a definition built for `aws` names, and what
 * the local emulator sees once it resolves `AWS::Partition` (for fault injection and tests).
 * Definitions take their partition from {@link PartitionResources}; the stack passes its own.
 */
export const INTEGRATIONS = integrationArns('aws');

/** Step Functions' name for a failed DynamoDB condition. */
export const CONDITIONAL_CHECK_FAILED = 'DynamoDB.ConditionalCheckFailedException';

/**
 * Transient service errors are retried a bounded number of times with jittered back-off; anything
 * else fails the execution (and shows in the FailedExecutions health metric).
 */
export const TRANSIENT_RETRY: readonly Retrier[] = [
  {
    ErrorEquals: [
      'DynamoDB.ProvisionedThroughputExceededException',
      'DynamoDB.ThrottlingException',
      'DynamoDB.RequestLimitExceeded',
      'DynamoDB.InternalServerErrorException',
      'DynamoDB.AmazonDynamoDBException',
      'SQS.SqsException',
      'SQS.AmazonSQSException',
      'States.Timeout',
    ],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
];

/** A Task sending `$.message` (a MetricMessage) to the metrics queue, then ending the execution. */
export function sendMetricMessage(queueUrl: string, partition: string): TaskState {
  return {
    Type: 'Task',
    Comment: 'One message per execution carries all its metric records, so SQS and Lambda costs are amortized.',
    Resource: integrationArn(partition, 'sendMessage'),
    // The metrics queue is FIFO: a retry of this send after an ambiguous error carries the same
    // deduplication id (the execution's name, at most 80 characters of the 128 allowed), so SQS
    // keeps one copy. The context, not the state: a skip replaces the state with its message.
    Parameters: {
      QueueUrl: queueUrl,
      'MessageBody.$': '$.message',
      'MessageGroupId.$': '$$.Execution.Name',
      'MessageDeduplicationId.$': '$$.Execution.Name',
    },
    ResultPath: null,
    Retry: TRANSIENT_RETRY,
    End: true,
  };
}

/** DynamoDB string attribute from a JSONPath. */
export const str = (path: string): Json => ({ 'S.$': path });
/**
 * DynamoDB number attribute from a JSONPath to the number's decimal text (DynamoDB takes numbers as
 * strings), written by {@link withNumberTexts} under `n`. Not `States.Format('{}', $.x)`: how that
 * prints a number depends on how Step Functions holds it, and a number held as a double prints in
 * exponent form from 10^7 up (`1.8E9`), which DynamoDB reads as a different number or refuses —
 * epoch seconds (about 1.8 × 10^9) and memory in MiB can be that large.
 *
 * @example
 * num('$.delivery.n.expiresAt'); // { 'N.$': '$.delivery.n.expiresAt' }
 */
export const num = (path: `$.${string}.n.${string}`): Json => ({ 'N.$': path });

/**
 * JSONata: `object` with the decimal text of its number fields `keys` added under `n`, for
 * {@link num}. Each is `$string($round(x))`: an integer's digits, never an exponent, for any value
 * below 10^21 (JSONata formats numbers as JavaScript does).
 *
 * @example
 * withNumberTexts("{ 'expiresAt': $seconds + 86400 }", ['expiresAt']);
 * // evaluates to { expiresAt: 1800086400, n: { expiresAt: '1800086400' } }
 */
export function withNumberTexts(object: string, keys: readonly string[]): string {
  const texts = keys.map((key) => `${JSON.stringify(key)}: $string($round($lookup($o, ${JSON.stringify(key)})))`).join(', ');
  return `(
    $o := ${object};
    $merge([$o, { 'n': { ${texts} } }])
  )`;
}
