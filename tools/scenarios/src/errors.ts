/** Errors of the scenarios and the dashboards contract, in one place. */

/** A command line that cannot be run: the message names the option and why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Misuse or misconfiguration of a scenario backend (an unknown `BATCHMON_EMULATOR`, a call the backend cannot serve); the message says where. */
export class ScenarioBackendError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ScenarioBackendError';
  }
}

/**
 * A story read something only the embedded emulators have (fault injection, the Auto Scaling
 * recorder, the in-process table and queues) while running on a container backend.
 */
export class EmbeddedOnlyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddedOnlyError';
  }
}
