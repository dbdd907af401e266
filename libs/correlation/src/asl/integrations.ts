import type { Json, Retrier, TaskState } from './asl';

/** The service actions of the direct integrations the workflows call (no Lambda), by short name. */
export const INTEGRATION_ACTIONS = {
  getItem: 'dynamodb:getItem',
  putItem: 'dynamodb:putItem',
  updateItem: 'dynamodb:updateItem',
  scan: 'aws-sdk:dynamodb:scan',
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
 * Transient service errors, retried with jittered exponential back-off: 1, 2, 4, 8, 8, 8 s (at
 * most, FULL jitter draws each wait between 0 and that) over six retries, so a throttling burst of
 * about 30 s is ridden out within the workflows' 60 s timeout. Anything else fails at once:
 * validation errors and messages too large are permanent, and retrying them only delays the
 * failure. That is why the SDKs' base classes (`DynamoDB.AmazonDynamoDBException`,
 * `SQS.AmazonSQSException`), under which Step Functions reports every error code without a class
 * of its own (ValidationException, InvalidParameterValue), are not listed.
 *
 * Names: optimized integrations report `<Service>.<exception class of the AWS SDK for Java 1.x>`
 * ("Handling errors in Step Functions", "Amazon DynamoDB" and "Amazon SQS" integration pages);
 * DynamoDB's `RequestLimitExceeded` error code is the class `RequestLimitExceededException`, and
 * both spellings are listed since the pages show either. AWS SDK integrations (`aws-sdk:dynamodb:*`)
 * report `DynamoDb.<exception class of the AWS SDK for Java 2.x>` ("AWS SDK service integrations":
 * the service name as the SDK spells it). `SdkClientException` is the Java SDKs' name for a request
 * that got no service answer (connection reset, timeout): Step Functions documents it for Lambda
 * (`Lambda.SdkClientException`) and reports it the same way for the other integrations.
 *
 * A retry may follow a write that committed (DynamoDB documents that an internal server error can
 * come after the write succeeded): every retried write is idempotent and tells, from its return
 * value, a retry of its own execution from a repeated delivery.
 */
export const TRANSIENT_RETRY: readonly Retrier[] = [
  {
    ErrorEquals: [
      'DynamoDB.ProvisionedThroughputExceededException',
      'DynamoDB.RequestLimitExceeded',
      'DynamoDB.RequestLimitExceededException',
      'DynamoDB.ThrottlingException',
      'DynamoDB.InternalServerErrorException',
      'DynamoDB.SdkClientException',
      'DynamoDb.ProvisionedThroughputExceededException',
      'DynamoDb.RequestLimitExceededException',
      'DynamoDb.ThrottlingException',
      'DynamoDb.InternalServerErrorException',
      'DynamoDb.SdkClientException',
      'SQS.SdkClientException',
      'SQS.KmsThrottledException',
      'SQS.RequestThrottledException',
      'States.Timeout',
    ],
    IntervalSeconds: 1,
    MaxAttempts: 6,
    BackoffRate: 2,
    MaxDelaySeconds: 8,
    JitterStrategy: 'FULL',
  },
];

/**
 * The longest a retrier can wait in all, at nominal intervals (FULL jitter only shortens them):
 * `IntervalSeconds × BackoffRate^n`, capped at `MaxDelaySeconds`, for each of its `MaxAttempts`.
 *
 * @example
 * retryBudgetSeconds(TRANSIENT_RETRY); // 31: 1 + 2 + 4 + 8 + 8 + 8
 */
export function retryBudgetSeconds(retriers: readonly Retrier[]): number {
  let longest = 0;
  for (const retrier of retriers) {
    let total = 0;
    for (let attempt = 0; attempt < (retrier.MaxAttempts ?? 3); attempt++) {
      const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt;
      total += Math.min(interval, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
    }
    longest = Math.max(longest, total);
  }
  return longest;
}

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
