import type { ContainerBackendName } from './backend-name';

/** Whether a container engine answered, and if not why. */
export type ContainerRuntimeStatus =
  | { readonly available: true; readonly runtime: string }
  | { readonly available: false; readonly reason: string };

/** What testcontainers' `getContainerRuntimeClient()` gives that the check reads. */
export interface RuntimeClientProbe {
  (): Promise<{ readonly info: { readonly containerRuntime: { readonly host: string } } }>;
}

/**
 * Asks testcontainers for a working container runtime, with its own strategies (`DOCKER_HOST`,
 * `~/.testcontainers.properties`, the Docker and rootless sockets…), so the answer is the one
 * the containers would get.
 *
 * @param probe testcontainers' `getContainerRuntimeClient` (a test passes its own).
 * @example
 * const status = await detectContainerRuntime(getContainerRuntimeClient);
 * if (!status.available) console.log(status.reason);
 */
export async function detectContainerRuntime(probe: RuntimeClientProbe): Promise<ContainerRuntimeStatus> {
  try {
    const client = await probe();
    return { available: true, runtime: client.info.containerRuntime.host };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { available: false, reason: `no container engine answered (testcontainers: ${message})` };
  }
}

/**
 * The one line printed when a container backend is skipped: which backend, why, and what runs instead.
 *
 * @example
 * skipLine('localstack', 'no container engine answered (…)');
 * // 'BATCHMON_EMULATOR=localstack skipped: no container engine answered (…); the scenarios run on the embedded emulators'
 */
export function skipLine(backend: ContainerBackendName, reason: string): string {
  return `BATCHMON_EMULATOR=${backend} skipped: ${reason}; the scenarios run on the embedded emulators`;
}
