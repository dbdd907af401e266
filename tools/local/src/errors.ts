/** Errors of batchmon running locally and replay, in one place. */

/** An `--out` directory that cannot be created or written to. */
export class UnusableOutputError extends Error {
  override readonly name = 'UnusableOutputError';
}

/** A capture file that cannot be read as EventBridge events at all (missing, a directory, unreadable). */
export class UnreadableCaptureError extends Error {
  override readonly name = 'UnreadableCaptureError';
}
