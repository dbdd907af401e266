import type { Json, Retrier, TaskState } from './asl';

/** Resource ARNs of the direct service integrations the workflows call (no Lambda). */
export const INTEGRATIONS = {
  getItem: 'arn:aws:states:::dynamodb:getItem',
  putItem: 'arn:aws:states:::dynamodb:putItem',
  updateItem: 'arn:aws:states:::dynamodb:updateItem',
  sendMessage: 'arn:aws:states:::sqs:sendMessage',
  enableMetricsCollection: 'arn:aws:states:::aws-sdk:autoscaling:enableMetricsCollection',
} as const;

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
