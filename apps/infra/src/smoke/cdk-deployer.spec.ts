import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { StackOutputsError } from '../errors';
import { cdkArguments, cdkDeployer, stackOutputsOf, type CdkRunner } from './cdk-deployer';

describe('cdkArguments', () => {
  it('deploys the named stack without approval prompts, its dashboards prefixed with its name, writing its outputs', () => {
    expect(cdkArguments('deploy', { stackName: 'batchmon-smoke-abc123', region: 'eu-west-1' }, '/tmp/o.json')).toEqual([
      'deploy',
      'batchmon-smoke-abc123',
      '-c',
      'stackName=batchmon-smoke-abc123',
      '-c',
      'dashboardNamePrefix=batchmon-smoke-abc123',
      '-c',
      'region=eu-west-1',
      '--require-approval',
      'never',
      '--outputs-file',
      '/tmp/o.json',
    ]);
  });

  it('destroys the same stack without asking', () => {
    expect(cdkArguments('destroy', { stackName: 'batchmon-smoke-abc123' })).toEqual([
      'destroy',
      'batchmon-smoke-abc123',
      '-c',
      'stackName=batchmon-smoke-abc123',
      '-c',
      'dashboardNamePrefix=batchmon-smoke-abc123',
      '--force',
    ]);
  });
});

describe('stackOutputsOf', () => {
  it('reads the stack’s string outputs from the outputs file', () => {
    expect(stackOutputsOf({ 'batchmon-smoke-abc123': { MetricsNamespace: 'AWSBatchMetrics' }, Other: { X: 'y' } }, 'batchmon-smoke-abc123')).toEqual({
      MetricsNamespace: 'AWSBatchMetrics',
    });
  });

  it('names the stack it did not find', () => {
    expect(() => stackOutputsOf({ Other: {} }, 'batchmon-smoke-abc123')).toThrow(
      new StackOutputsError('cdk outputs file: expected the outputs of stack batchmon-smoke-abc123, found {"Other":{}}'),
    );
  });
});

describe('cdkDeployer', () => {
  it('deploys with the stack’s arguments, returns the outputs CDK wrote and removes its temporary file', async () => {
    const calls: (readonly string[])[] = [];
    let outputsFile = '';
    const run: CdkRunner = async (args, region) => {
      calls.push(args);
      expect(region).toBe('eu-west-1');
      outputsFile = args[args.indexOf('--outputs-file') + 1] ?? '';
      await writeFile(outputsFile, JSON.stringify({ 'smoke-1': { MetricsNamespace: 'AWSBatchMetrics' } }));
    };
    const outputs = await cdkDeployer({ region: 'eu-west-1', run }).deploy('smoke-1');
    expect(outputs).toEqual({ MetricsNamespace: 'AWSBatchMetrics' });
    expect(calls).toEqual([cdkArguments('deploy', { stackName: 'smoke-1', region: 'eu-west-1' }, outputsFile)]);
    expect(existsSync(path.dirname(outputsFile))).toBe(false);
  });

  it('destroys with the same stack name and context', async () => {
    const calls: (readonly string[])[] = [];
    await cdkDeployer({ run: async (args) => void calls.push(args) }).destroy('smoke-1');
    expect(calls).toEqual([cdkArguments('destroy', { stackName: 'smoke-1' })]);
  });

  it('removes its temporary directory when the deployment fails', async () => {
    let outputsFile = '';
    const run: CdkRunner = async (args) => {
      outputsFile = args[args.indexOf('--outputs-file') + 1] ?? '';
      throw new Error('cdk deploy failed');
    };
    await expect(cdkDeployer({ run }).deploy('smoke-1')).rejects.toThrow('cdk deploy failed');
    expect(existsSync(path.dirname(outputsFile))).toBe(false);
  });
});
