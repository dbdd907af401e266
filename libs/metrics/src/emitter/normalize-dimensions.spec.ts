import { normalizeDimensions, normalizeDimensionValue } from './normalize-dimensions';

const UUID = '5b7e9d2c-1a4f-4c1e-9f0a-2b3c4d5e6f70';

describe('normalizeDimensionValue', () => {
  it('turns a job queue ARN into the queue name', () => {
    expect(normalizeDimensionValue('JobQueue', 'arn:aws:batch:eu-west-1:123456789012:job-queue/high-priority')).toBe(
      'high-priority',
    );
  });

  it('turns a job definition ARN with revision into the definition name', () => {
    expect(normalizeDimensionValue('JobDefinition', 'arn:aws:batch:eu-west-1:123456789012:job-definition/render:12')).toBe(
      'render',
    );
  });

  it('reads the compute environment from a current-format cluster name', () => {
    expect(normalizeDimensionValue('ComputeEnvironment', `AWSBatch-gpu-spot-${UUID}`)).toBe('gpu-spot');
  });

  it('reads the compute environment from an older-format cluster ARN', () => {
    expect(
      normalizeDimensionValue('ComputeEnvironment', `arn:aws:ecs:eu-west-1:123456789012:cluster/gpu_spot_Batch_${UUID}`),
    ).toBe('gpu_spot');
  });

  it('reads the compute environment from its ARN', () => {
    expect(
      normalizeDimensionValue('ComputeEnvironment', 'arn:aws:batch:eu-west-1:123456789012:compute-environment/cpu-od'),
    ).toBe('cpu-od');
  });

  it('keeps a compute environment that is already a bare name', () => {
    expect(normalizeDimensionValue('ComputeEnvironment', 'cpu-od')).toBe('cpu-od');
  });

  it('publishes an ARN that names no compute environment as unknown rather than raw', () => {
    expect(normalizeDimensionValue('ComputeEnvironment', 'arn:aws:ecs:eu-west-1:123456789012:cluster/default')).toBe(
      'unknown',
    );
  });

  it('leaves other keys unchanged', () => {
    expect(normalizeDimensionValue('AvailabilityZone', 'eu-west-1a')).toBe('eu-west-1a');
  });

  it('publishes an empty value as unknown', () => {
    expect(normalizeDimensionValue('State', '')).toBe('unknown');
    expect(normalizeDimensionValue('JobQueue', '')).toBe('unknown');
  });
});

describe('normalizeDimensions', () => {
  it('normalizes every value of a record and keeps its keys', () => {
    expect(
      normalizeDimensions({
        State: 'RUNNING',
        JobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/high',
        InstanceType: ' ',
      }),
    ).toEqual({ State: 'RUNNING', JobQueue: 'high', InstanceType: 'unknown' });
  });
});
