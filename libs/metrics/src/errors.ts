import type { FieldProblem } from './validation/describe-issue';

/**
 * A metrics Lambda configured with a value it cannot use (a namespace CloudWatch rejects, an
 * unknown metrics profile). Thrown when the handler is created, so a misconfigured function fails
 * at init instead of sending every message to the dead-letter queue.
 *
 * @example
 * throw new MetricsConfigurationError('METRICS_PROFILE: expected essential or detailed, found "full"');
 */
export class MetricsConfigurationError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'MetricsConfigurationError';
  }
}

/** A line that is not an EMF document this reader understands; names the field at fault. */
export class EmfParseError extends Error {
  constructor(
    /** Dotted path of the offending member (`_aws.Timestamp`), or `(line)` when the line is not JSON. */
    readonly path: string,
    /** What was expected and what was found. */
    readonly reason: string,
  ) {
    super(`Malformed EMF line: ${path}: ${reason}`);
    this.name = 'EmfParseError';
  }
}

/** A record the emitter cannot publish, with the field at fault. */
export class RecordRejectedError extends Error {
  constructor(readonly problem: FieldProblem) {
    super(`${problem.path}: ${problem.reason}`);
    this.name = 'RecordRejectedError';
  }
}
