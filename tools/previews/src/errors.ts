/** Errors of the dashboard previews, in one place. */

/** An expression (or part of one) this local evaluator does not compute; names what. */
export class UnsupportedExpressionError extends Error {
  override readonly name = 'UnsupportedExpressionError';
}

/** An EMF line the previews cannot read; names the line. */
export class EmfInputError extends Error {
  override readonly name = 'EmfInputError';
  constructor(
    /** 1-based position of the line in the input. */
    readonly line: number,
    reason: string,
  ) {
    super(`EMF line ${line}: ${reason}`);
  }
}

/** A Logs Insights command or condition the local evaluator does not run; names it. */
export class UnsupportedLogQueryError extends Error {
  override readonly name = 'UnsupportedLogQueryError';
}

/** A command line that cannot be run: the message names the option and why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
