import { randomUUID } from 'node:crypto';
import { DynamoDbServiceError, LocalRuntimeError, TaskError } from '../errors';
import { isRecord } from '../json';

/** What the SDK tells about a service error. */
interface ServiceErrorFacts {
  readonly code: string;
  readonly message: string;
  readonly statusCode: number;
  readonly requestId: string;
}

/** The facts of a local DynamoDB or AWS SDK v3 service error, or undefined for anything else (a network error, a bug). */
export function serviceErrorFacts(error: unknown): ServiceErrorFacts | undefined {
  if (error instanceof DynamoDbServiceError) return { code: error.code, message: error.message, statusCode: error.statusCode, requestId: error.requestId || randomUUID() };
  if (!(error instanceof Error) || !isRecord(error)) return undefined;
  const metadata = error['$metadata'];
  if (!isRecord(metadata) || typeof metadata['httpStatusCode'] !== 'number') return undefined;
  return {
    code: error.name,
    message: error.message,
    statusCode: metadata['httpStatusCode'],
    requestId: typeof metadata['requestId'] === 'string' ? metadata['requestId'] : randomUUID(),
  };
}

/**
 * DynamoDB error codes that Step Functions' optimized integration reports under their own name
 * (it names errors after the exception classes of the AWS SDK for Java 1.x, which models these
 * codes; a code without a class, such as ValidationException, becomes AmazonDynamoDBException).
 */
const DYNAMODB_OPTIMIZED_NAMES: Readonly<Record<string, string>> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailedException',
  ResourceNotFoundException: 'ResourceNotFoundException',
  ProvisionedThroughputExceededException: 'ProvisionedThroughputExceededException',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceededException',
  TransactionConflictException: 'TransactionConflictException',
  RequestLimitExceeded: 'RequestLimitExceededException',
  InternalServerError: 'InternalServerErrorException',
  LimitExceededException: 'LimitExceededException',
  ResourceInUseException: 'ResourceInUseException',
};

/** Codes the AWS SDK for Java 2.x (behind `aws-sdk:` integrations) models as classes of their own. */
const DYNAMODB_SDK_NAMES: Readonly<Record<string, string>> = {
  ...DYNAMODB_OPTIMIZED_NAMES,
  TransactionCanceledException: 'TransactionCanceledException',
};

/**
 * A DynamoDB SDK error as a Step Functions Task reports it.
 * Optimized integrations (`arn:aws:states:::dynamodb:*`) use the prefix `DynamoDB.`; AWS SDK
 * integrations (`arn:aws:states:::aws-sdk:dynamodb:*`) use `DynamoDb.`, as AWS documents.
 * Errors that are not service errors become {@link LocalRuntimeError}s: they are emulator faults.
 */
export function dynamoDbTaskError(error: unknown, flavour: 'optimized' | 'sdk', stateName: string): Error {
  const facts = serviceErrorFacts(error);
  if (!facts) return localFailure('DynamoDB', error, stateName);
  if (flavour === 'optimized') {
    const name = DYNAMODB_OPTIMIZED_NAMES[facts.code] ?? 'AmazonDynamoDBException';
    return new TaskError(`DynamoDB.${name}`, javaV1Cause('AmazonDynamoDBv2', facts));
  }
  const name = DYNAMODB_SDK_NAMES[facts.code] ?? 'DynamoDbException';
  return new TaskError(`DynamoDb.${name}`, javaV2Cause('DynamoDb', facts));
}

/** SQS error codes that the AWS SDK for Java 1.x models (code → class). */
const SQS_OPTIMIZED_NAMES: Readonly<Record<string, string>> = {
  'AWS.SimpleQueueService.NonExistentQueue': 'QueueDoesNotExistException',
  InvalidMessageContents: 'InvalidMessageContentsException',
  'AWS.SimpleQueueService.UnsupportedOperation': 'UnsupportedOperationException',
};

/** An SQS error (code and message) as the optimized `sqs:sendMessage` integration reports it. */
export function sqsTaskError(code: string, message: string): TaskError {
  const name = SQS_OPTIMIZED_NAMES[code] ?? 'AmazonSQSException';
  return new TaskError(`SQS.${name}`, javaV1Cause('AmazonSQS', { code, message, statusCode: 400, requestId: randomUUID() }));
}

/** An Auto Scaling validation error as the `aws-sdk:autoscaling:*` integration reports it. */
export function autoScalingValidationError(message: string): TaskError {
  return new TaskError(
    'AutoScaling.AutoScalingException',
    javaV2Cause('AutoScaling', { code: 'ValidationError', message, statusCode: 400, requestId: randomUUID() }),
  );
}

function localFailure(service: string, error: unknown, stateName: string): LocalRuntimeError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new LocalRuntimeError(`State "${stateName}": the local ${service} call failed outside the service (${detail})`);
}

// The Cause texts follow the formats of the two Java SDKs, so a Catch that inspects the cause sees
// what it would see in AWS.
function javaV1Cause(service: string, facts: ServiceErrorFacts): string {
  return `${facts.message} (Service: ${service}; Status Code: ${facts.statusCode}; Error Code: ${facts.code}; Request ID: ${facts.requestId}; Proxy: null)`;
}

function javaV2Cause(service: string, facts: ServiceErrorFacts): string {
  return `${facts.message} (Service: ${service}, Status Code: ${facts.statusCode}, Request ID: ${facts.requestId})`;
}
