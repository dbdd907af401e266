/**
 * Named errors of the infra app: misuse and misconfiguration throw one of these, passing `{ cause }`
 * when they wrap another error.
 */

/** A command-line option is unknown, lacks its value or has a value of the wrong form. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A deployed stack lacks an output batchmon's tools read, or it has the wrong form. */
export class StackOutputsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StackOutputsError';
  }
}

/** A bounded wait ran out of time before its condition held. */
export class WaitTimeoutError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WaitTimeoutError';
  }
}

/** A stack prop or CDK context value is out of range or of the wrong form. */
export class StackConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StackConfigurationError';
  }
}

/** The run was interrupted (Ctrl-C, SIGTERM). */
export class InterruptedError extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}

/** The smoke test's plan does not fit the workflows (a workflow without an event, or one sending no metric). */
export class SmokePlanError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SmokePlanError';
  }
}

/** A CDK CLI command could not start or ended with a failure. */
export class CdkCommandError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CdkCommandError';
  }
}
