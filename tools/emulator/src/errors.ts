/** Errors of the local emulator, in one place. */

/** A DynamoDB error response: its code (e.g. `ConditionalCheckFailedException`), message and HTTP status. */
export class DynamoDbServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
    readonly requestId: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** An SQS error, named as the SQS API names it (e.g. `QueueDoesNotExist`, `InvalidParameterValue`). */
export class SqsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** The installed jsonata is not the release the synchronous rewrite was written for. */
export class JsonataSyncSourceError extends Error {
  override readonly name = 'JsonataSyncSourceError';
}

/**
 * An error as a Task state reports it: `name` is what `Retry` and `Catch` match in `ErrorEquals`,
 * `message` becomes the `Cause` (aws-local-stepfunctions reads both).
 */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * A problem with the local setup or with how a workflow uses an integration (a parameter the API
 * does not take, a resource the emulator does not know). Named `States.Runtime` and, as Step
 * Functions does with runtime errors, neither retried nor caught (not even by `States.ALL`), so it
 * fails the execution where a test can see it.
 */
export class LocalRuntimeError extends Error {
  /** Read by aws-local-stepfunctions: Retry does not apply. */
  readonly isRetryable = false;
  /** Read by aws-local-stepfunctions: Catch does not apply. */
  readonly isCatchable = false;

  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}
