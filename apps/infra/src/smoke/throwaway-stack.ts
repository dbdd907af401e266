import { InterruptedError } from '../errors';

/** Deploys and destroys a stack, so the smoke test's lifecycle runs against a fake in tests. */
export interface StackDeployer {
  /** Deploys the stack and returns its outputs. */
  deploy(stackName: string): Promise<Record<string, string>>;
  /** Destroys the stack (harmless when it does not exist). */
  destroy(stackName: string): Promise<void>;
}

/** Where interruptions come from: `process` in the command, an EventEmitter in tests. */
export interface InterruptSource {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}


/** Options of {@link withThrowawayStack}. */
export interface ThrowawayStackOptions {
  readonly stackName: string;
  /** Leave the stack deployed. @default false */
  readonly keep?: boolean;
  /** @default process */
  readonly interrupts?: InterruptSource;
  /** Progress messages. @default console.error */
  readonly log?: (message: string) => void;
}

/**
 * Deploys a stack, runs `use` with its outputs, and destroys the stack afterwards unless `keep` —
 * also when the deployment fails half-way, when `use` throws, and when the run is interrupted.
 * A throwaway stack left behind would keep billing and hold its dashboard names.
 *
 * On SIGINT or SIGTERM the wait for `use` stops at once; a deployment under way is let finish
 * first (Ctrl-C reaches `cdk deploy` too, which stops on its own), since CloudFormation cannot
 * delete a stack that is still being created. Then the stack is destroyed and
 * {@link InterruptedError} is thrown. A second Ctrl-C quits without destroying.
 *
 * @example
 * const results = await withThrowawayStack(deployer, { stackName: 'batchmon-smoke-3fa9c1' }, (outputs) => check(outputs));
 */
export async function withThrowawayStack<T>(deployer: StackDeployer, options: ThrowawayStackOptions, use: (outputs: Record<string, string>) => Promise<T>): Promise<T> {
  const interrupts = options.interrupts ?? process;
  const log = options.log ?? ((message: string) => console.error(message));
  let received: string | undefined;
  let rejectInterrupted: (error: InterruptedError) => void = () => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    rejectInterrupted = reject;
  });
  // Awaited only when `use` runs: keep an interruption during the deployment from being reported as unhandled.
  interrupted.catch(() => undefined);
  const on = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    received = signal;
    log(`batchmon smoke: ${signal} received; stopping${options.keep === true ? '' : ', then destroying the stack'} once nothing is under way (Ctrl-C again quits at once)`);
    rejectInterrupted(new InterruptedError(signal));
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  interrupts.once('SIGINT', onInt);
  interrupts.once('SIGTERM', onTerm);
  let outcome: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };
  try {
    log(`batchmon smoke: deploying stack ${options.stackName}…`);
    const outputs = await deployer.deploy(options.stackName);
    if (received !== undefined) throw new InterruptedError(received);
    outcome = { ok: true, value: await Promise.race([use(outputs), interrupted]) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  interrupts.off('SIGINT', onInt);
  interrupts.off('SIGTERM', onTerm);
  if (options.keep === true) log(`batchmon smoke: keeping stack ${options.stackName} (--keep); remove it with npx nx run infra:destroy -- -c stackName=${options.stackName}`);
  else {
    log(`batchmon smoke: destroying stack ${options.stackName}…`);
    try {
      await deployer.destroy(options.stackName);
    } catch (error) {
      if (!outcome.ok) log(`batchmon smoke: before the destroy failed: ${String(outcome.error)}`);
      log(`batchmon smoke: could not destroy stack ${options.stackName}; remove it with npx nx run infra:destroy -- -c stackName=${options.stackName}`);
      throw error;
    }
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
