import { EventEmitter } from 'node:events';
import { InterruptedError } from '../errors';
import { withThrowawayStack, type StackDeployer } from './throwaway-stack';

/** A deployer recording its calls; `deploy` resolves when `finishDeploy` is called, or at once. */
function fakeDeployer(options: { readonly deployFails?: boolean; readonly holdDeploy?: boolean } = {}) {
  const calls: string[] = [];
  let finishDeploy: () => void = () => undefined;
  const deployer: StackDeployer = {
    async deploy(stackName) {
      calls.push(`deploy ${stackName}`);
      if (options.holdDeploy === true) await new Promise<void>((resolve) => (finishDeploy = resolve));
      if (options.deployFails === true) throw new Error('CREATE_FAILED');
      return { MetricsNamespace: 'AWSBatchMetrics' };
    },
    async destroy(stackName) {
      calls.push(`destroy ${stackName}`);
    },
  };
  return { deployer, calls, finishDeploy: () => finishDeploy() };
}

const quiet = { stackName: 'batchmon-smoke-abc123', log: () => undefined };

describe('withThrowawayStack', () => {
  it('deploys, gives the outputs to the run, then destroys the stack', async () => {
    const { deployer, calls } = fakeDeployer();
    const result = await withThrowawayStack(deployer, { ...quiet, interrupts: new EventEmitter() }, async (outputs) => outputs['MetricsNamespace']);
    expect(result).toBe('AWSBatchMetrics');
    expect(calls).toEqual(['deploy batchmon-smoke-abc123', 'destroy batchmon-smoke-abc123']);
  });

  it('keeps the stack when asked', async () => {
    const { deployer, calls } = fakeDeployer();
    await withThrowawayStack(deployer, { ...quiet, keep: true, interrupts: new EventEmitter() }, async () => 'done');
    expect(calls).toEqual(['deploy batchmon-smoke-abc123']);
  });

  it('destroys the stack when the run fails, and passes the failure on', async () => {
    const { deployer, calls } = fakeDeployer();
    await expect(withThrowawayStack(deployer, { ...quiet, interrupts: new EventEmitter() }, async () => Promise.reject(new Error('check crashed')))).rejects.toThrow('check crashed');
    expect(calls.at(-1)).toBe('destroy batchmon-smoke-abc123');
  });

  it('destroys a stack whose deployment failed half-way', async () => {
    const { deployer, calls } = fakeDeployer({ deployFails: true });
    await expect(withThrowawayStack(deployer, { ...quiet, interrupts: new EventEmitter() }, async () => 'never')).rejects.toThrow('CREATE_FAILED');
    expect(calls).toEqual(['deploy batchmon-smoke-abc123', 'destroy batchmon-smoke-abc123']);
  });

  it('stops waiting for the run on Ctrl-C, destroys the stack and says it was interrupted', async () => {
    const { deployer, calls } = fakeDeployer();
    const interrupts = new EventEmitter();
    const running = withThrowawayStack(deployer, { ...quiet, interrupts }, async () => {
      interrupts.emit('SIGINT');
      return new Promise<string>(() => undefined); // a wait that would go on for minutes
    });
    await expect(running).rejects.toThrow(new InterruptedError('SIGINT'));
    expect(calls.at(-1)).toBe('destroy batchmon-smoke-abc123');
    expect(interrupts.listenerCount('SIGINT') + interrupts.listenerCount('SIGTERM')).toBe(0);
  });

  it('lets a deployment interrupted by SIGTERM finish, then destroys the stack without running the checks', async () => {
    const { deployer, calls, finishDeploy } = fakeDeployer({ holdDeploy: true });
    const interrupts = new EventEmitter();
    const use = jest.fn(async () => 'checked');
    const running = withThrowawayStack(deployer, { ...quiet, interrupts }, use);
    await Promise.resolve();
    interrupts.emit('SIGTERM');
    expect(calls).toEqual(['deploy batchmon-smoke-abc123']);
    finishDeploy();
    await expect(running).rejects.toThrow(new InterruptedError('SIGTERM'));
    expect(use).not.toHaveBeenCalled();
    expect(calls).toEqual(['deploy batchmon-smoke-abc123', 'destroy batchmon-smoke-abc123']);
  });
});
