/** Errors of the workload simulator, in one place. */

/** Workload options that cannot be simulated; the message names the option and what it expects. */
export class WorkloadOptionsError extends Error {
  override readonly name = 'WorkloadOptionsError';
}

/** Command-line arguments that cannot be used; the message names the option and what it expects. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Asked for the ground truth of a stream that has not been read to its end. */
export class WorkloadNotFinishedError extends Error {
  override readonly name = 'WorkloadNotFinishedError';
}
