import type { Json, Retrier, TaskState } from './asl';

/** Resource ARNs of the direct service integrations the workflows call (no Lambda). */
export const INTEGRATIONS = {
  getItem: 'arn:aws:states:::dynamodb:getItem',
  putItem: 'arn:aws:states:::dynamodb:putItem',
  updateItem: 'arn:aws:states:::dynamodb:updateItem',
  query: 'arn:aws:states:::aws-sdk:dynamodb:query',
  sendMessage: 'arn:aws:states:::sqs:sendMessage',
  enableMetricsCollection: 'arn:aws:states:::aws-sdk:autoscaling:enableMetricsCollection',
} as const;

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

/** A Task sending `$.message` (a MetricMessage) to the metrics queue, then ending the execution. */
export function sendMetricMessage(queueUrl: string): TaskState {
  return {
    Type: 'Task',
    Comment: 'One message per execution carries all its metric records, so SQS and Lambda costs are amortized.',
    Resource: INTEGRATIONS.sendMessage,
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
/** DynamoDB number attribute from a JSONPath to a number (DynamoDB wants numbers as strings). */
export const num = (path: string): Json => ({ 'N.$': `States.Format('{}', ${path})` });
