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
