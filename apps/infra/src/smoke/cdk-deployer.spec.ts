import { StackOutputsError } from '../errors';
import { cdkArguments, stackOutputsOf } from './cdk-deployer';

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
