import { clusterName, computeEnvironmentName, isBatchCluster, jobDefinitionName, jobQueueName } from './batch-names';

const UUID = '5b7e9d2c-1a4f-4c1e-9f0a-2b3c4d5e6f70';
const ARN_PREFIX = 'arn:aws:ecs:us-east-1:123456789012:cluster/';

describe('jobQueueName', () => {
  it('takes the name from a job queue ARN', () => {
    expect(jobQueueName('arn:aws:batch:r:a:job-queue/q1')).toBe('q1');
  });

  it('passes a bare name through', () => {
    expect(jobQueueName('q1')).toBe('q1');
  });

  it('reads ARNs of other partitions', () => {
    expect(jobQueueName('arn:aws-cn:batch:cn-north-1:123456789012:job-queue/high-priority')).toBe('high-priority');
  });
});

describe('jobDefinitionName', () => {
  it('drops the ARN prefix and the revision', () => {
    expect(jobDefinitionName('arn:aws:batch:r:a:job-definition/def:3')).toBe('def');
  });

  it('drops the revision of name:revision', () => {
    expect(jobDefinitionName('def:3')).toBe('def');
  });

  it('passes a bare name through', () => {
    expect(jobDefinitionName('def')).toBe('def');
  });

  it('keeps hyphens and underscores of the name', () => {
    expect(jobDefinitionName('arn:aws:batch:us-east-1:123456789012:job-definition/first-run_job-definition:12')).toBe(
      'first-run_job-definition',
    );
  });
});

describe('computeEnvironmentName', () => {
  it('reads the current cluster naming format', () => {
    expect(computeEnvironmentName(`AWSBatch-my-ce-${UUID}`)).toBe('my-ce');
  });

  it('reads the current format inside a cluster ARN', () => {
    expect(computeEnvironmentName(`${ARN_PREFIX}AWSBatch-my-ce-${UUID}`)).toBe('my-ce');
  });

  it('reads the older cluster naming format', () => {
    expect(computeEnvironmentName(`my_ce_Batch_${UUID}`)).toBe('my_ce');
  });

  it('reads the older format inside a cluster ARN', () => {
    expect(computeEnvironmentName(`${ARN_PREFIX}spot-ce_Batch_${UUID}`)).toBe('spot-ce');
  });

  it('keeps hyphens and underscores that are part of the compute environment name', () => {
    expect(computeEnvironmentName(`AWSBatch-gpu_ce-2-${UUID}`)).toBe('gpu_ce-2');
    expect(computeEnvironmentName(`gpu-ce_Batch_x_Batch_${UUID}`)).toBe('gpu-ce_Batch_x');
  });

  it('reads a compute environment ARN', () => {
    expect(computeEnvironmentName('arn:aws:batch:r:a:compute-environment/name')).toBe('name');
  });

  it('returns undefined for a cluster that Batch did not create', () => {
    expect(computeEnvironmentName('default')).toBeUndefined();
    expect(computeEnvironmentName(`${ARN_PREFIX}FargateCluster`)).toBeUndefined();
  });

  it('returns undefined when the suffix is not a full uuid', () => {
    expect(computeEnvironmentName('AWSBatch-my-ce-1234')).toBeUndefined();
    expect(computeEnvironmentName('reporting_Batch_jobs')).toBeUndefined();
  });
});

describe('isBatchCluster', () => {
  it('recognises both naming formats as names and as ARNs', () => {
    expect(isBatchCluster(`AWSBatch-ce-${UUID}`)).toBe(true);
    expect(isBatchCluster(`${ARN_PREFIX}AWSBatch-ce-${UUID}`)).toBe(true);
    expect(isBatchCluster(`ce_Batch_${UUID}`)).toBe(true);
    expect(isBatchCluster(`${ARN_PREFIX}ce_Batch_${UUID}`)).toBe(true);
  });

  it('rejects other clusters', () => {
    expect(isBatchCluster('default')).toBe(false);
    expect(isBatchCluster('AWSBatch-lookalike')).toBe(false);
  });

  it('rejects a compute environment ARN, which is not a cluster', () => {
    expect(isBatchCluster('arn:aws:batch:r:a:compute-environment/name')).toBe(false);
  });
});

describe('clusterName', () => {
  it('takes the name from a cluster ARN', () => {
    expect(clusterName(`${ARN_PREFIX}AWSBatch-ce-${UUID}`)).toBe(`AWSBatch-ce-${UUID}`);
  });

  it('passes a bare name through', () => {
    expect(clusterName('default')).toBe('default');
  });
});
