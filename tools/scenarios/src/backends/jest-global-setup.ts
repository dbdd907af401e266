import { BACKEND_SKIPPED_ENV_VAR, isContainerBackend, selectBackend } from './backend-name';
import { skipLine } from './container-runtime';
import { ENDPOINT_ENV_VARS } from './endpoints';

/** Where the started containers wait for the global teardown (same process, no module shared). */
export const STARTED_CONTAINERS = Symbol.for('batchmon.scenario-containers');

/**
 * Jest global setup of the tools project. With `BATCHMON_EMULATOR` naming a container backend:
 * when tools/scenarios/jest.config.cjs found no container engine (testcontainers' check), it prints the one
 * line saying the backend is skipped and why, and the stories run on the embedded emulators;
 * otherwise it starts the backend's containers once for the whole run and hands their endpoints to
 * the test files through the environment (Jest's workers start after this and inherit it).
 */
export default async function globalSetup(): Promise<void> {
  const chosen = selectBackend();
  if (!isContainerBackend(chosen)) return;
  const skipped = process.env[BACKEND_SKIPPED_ENV_VAR];
  if (skipped !== undefined && skipped !== '') {
    process.stdout.write(`\n${skipLine(chosen, skipped)}\n`);
    return;
  }
  // Loaded only here: an embedded run never touches testcontainers.
  const [{ getContainerRuntimeClient }, { startContainers }] = await Promise.all([import('testcontainers'), import('./containers')]);
  const client = await getContainerRuntimeClient();
  const containers = await startContainers(chosen, client.info.containerRuntime.remoteSocketPath);
  process.env[ENDPOINT_ENV_VARS.localstack] = containers.endpoints.localstack;
  process.env[ENDPOINT_ENV_VARS.stepFunctions] = containers.endpoints.stepFunctions;
  Reflect.set(globalThis, STARTED_CONTAINERS, containers);
}
