import { ScenarioBackendError } from '../errors';

/** The backends the scenario suite runs on: the embedded emulators, or emulators in containers. */
export const BACKEND_NAMES = ['embedded', 'localstack', 'stepfunctions-local'] as const;

/** A scenario backend's name, as `BATCHMON_EMULATOR` gives it. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The backends that need a container engine (Docker, Podman…). */
export const CONTAINER_BACKENDS = ['localstack', 'stepfunctions-local'] as const satisfies readonly BackendName[];

/** A backend that runs in containers. */
export type ContainerBackendName = (typeof CONTAINER_BACKENDS)[number];

/** The environment variable that chooses the backend. */
export const BACKEND_ENV_VAR = 'BATCHMON_EMULATOR';

/**
 * Set by the scenario suite's Jest global setup when the chosen container backend cannot start
 * (no container engine): its value is the reason, and the stories run on the embedded emulators.
 */
export const BACKEND_SKIPPED_ENV_VAR = 'BATCHMON_EMULATOR_SKIPPED';

/**
 * The backend `BATCHMON_EMULATOR` chooses; unset or empty means `embedded`.
 *
 * @throws ScenarioBackendError when the variable names no backend.
 * @example
 * selectBackend({ BATCHMON_EMULATOR: 'localstack' }); // 'localstack'
 */
export function selectBackend(env: Readonly<Record<string, string | undefined>> = process.env): BackendName {
  const value = env[BACKEND_ENV_VAR]?.trim() ?? '';
  if (value === '') return 'embedded';
  const name = BACKEND_NAMES.find((candidate) => candidate === value);
  if (name === undefined) {
    throw new ScenarioBackendError(`${BACKEND_ENV_VAR}: expected one of ${BACKEND_NAMES.join(', ')}, found "${value}"`);
  }
  return name;
}

/** Whether a backend runs in containers. */
export function isContainerBackend(name: BackendName): name is ContainerBackendName {
  return CONTAINER_BACKENDS.some((candidate) => candidate === name);
}

/**
 * The backend the stories actually run on: the chosen one, unless the global setup found no
 * container engine for it (then `embedded`, and the setup printed why).
 *
 * @example
 * effectiveBackend({ BATCHMON_EMULATOR: 'localstack', BATCHMON_EMULATOR_SKIPPED: 'no Docker' }); // 'embedded'
 */
export function effectiveBackend(env: Readonly<Record<string, string | undefined>> = process.env): BackendName {
  const chosen = selectBackend(env);
  return isContainerBackend(chosen) && (env[BACKEND_SKIPPED_ENV_VAR] ?? '') !== '' ? 'embedded' : chosen;
}
