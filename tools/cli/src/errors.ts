/** Errors of the commands, in one place. */

/** A command-line mistake: reported on one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An option of `npm run cost` is missing, malformed or out of range; the message names it. */
export class CostOptionsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CostOptionsError';
  }
}

/** A price file cannot be read or a field of it is invalid; the message names the file and the field. */
export class PriceFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PriceFileError';
  }
}
