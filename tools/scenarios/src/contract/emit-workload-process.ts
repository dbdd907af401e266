// The child process of emitWorkloadInChildProcess: argv[2] is `{ workload, options }` as JSON; the
// EmittedWorkload goes back over the IPC channel. Exit codes: 0 sent, 1 failed.
import type { WorkloadOptions } from '@batchmon/simulator';
import type { EmitWorkloadOptions } from './contract-workload';
import { emitWorkload } from './emit-workload';

async function main(): Promise<void> {
  const { workload, options } = JSON.parse(process.argv[2] ?? '{}') as { workload?: WorkloadOptions; options?: EmitWorkloadOptions };
  const emitted = await emitWorkload(workload ?? {}, options ?? {});
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('expected to be forked with an IPC channel, found none (run by emitWorkloadInChildProcess)');
  await new Promise<void>((done, fail) => send(emitted, undefined, {}, (error) => (error ? fail(error) : done())));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
