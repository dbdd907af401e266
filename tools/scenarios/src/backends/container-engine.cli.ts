import { getContainerRuntimeClient } from 'testcontainers';
import { detectContainerRuntime } from './container-runtime';

// Run by tools/scenarios/jest.config.cjs, which must decide synchronously (before Jest starts) whether a
// container backend can run: prints the ContainerRuntimeStatus as one JSON line.
void detectContainerRuntime(getContainerRuntimeClient).then((status) => {
  process.stdout.write(`${JSON.stringify(status)}\n`);
});
