import type { StartedContainers } from './containers';
import { STARTED_CONTAINERS } from './jest-global-setup';

function isStartedContainers(value: unknown): value is StartedContainers {
  return typeof value === 'object' && value !== null && 'stop' in value && typeof value.stop === 'function';
}

/** Jest global teardown of the tools project: stops the containers the global setup started, if any. */
export default async function globalTeardown(): Promise<void> {
  const containers: unknown = Reflect.get(globalThis, STARTED_CONTAINERS);
  if (!isStartedContainers(containers)) return;
  Reflect.deleteProperty(globalThis, STARTED_CONTAINERS);
  await containers.stop();
}
