import { compileEventPattern, matchesEventPattern } from './event-pattern';

const jobEvent = {
  source: 'aws.batch',
  'detail-type': 'Batch Job State Change',
  region: 'us-east-1',
  detail: {
    jobId: 'j-1',
    status: 'RUNNING',
    attempts: 2,
    jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/high-priority',
    tags: ['gpu', 'nightly'],
    container: { exitCode: 0, reason: null },
    nodes: [
      { name: 'main', ip: '10.0.1.17' },
      { name: 'worker', ip: '10.0.2.4' },
    ],
  },
};

describe('EventBridge pattern matching', () => {
  it('matches exact string values listed as alternatives', () => {
    expect(matchesEventPattern({ source: ['aws.ecs', 'aws.batch'] }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.ecs'] }, jobEvent)).toBe(false);
  });

  it('requires every field of the pattern to match', () => {
    expect(matchesEventPattern({ source: ['aws.batch'], 'detail-type': ['Batch Job State Change'] }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.batch'], 'detail-type': ['Batch Job Queue Blocked'] }, jobEvent)).toBe(false);
  });

  it('matches nested fields through nested pattern objects', () => {
    expect(matchesEventPattern({ detail: { container: { exitCode: [0] } } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { container: { exitCode: [1] } } }, jobEvent)).toBe(false);
  });

  it('matches numbers, null and booleans by value and type', () => {
    expect(matchesEventPattern({ detail: { attempts: [2] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { attempts: ['2'] } }, jobEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { container: { reason: [null] } } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { flag: [true] } }, { detail: { flag: true } })).toBe(true);
  });

  it('matches an array field when any of its elements matches', () => {
    expect(matchesEventPattern({ detail: { tags: ['nightly'] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['weekly'] } }, jobEvent)).toBe(false);
  });

  it('matches arrays of objects element by element', () => {
    expect(matchesEventPattern({ detail: { nodes: { name: ['worker'], ip: ['10.0.2.4'] } } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { nodes: { name: ['worker'], ip: ['10.0.1.17'] } } }, jobEvent)).toBe(false);
  });

  it('matches a field inside arrays of objects nested in arrays of objects (an ECS task’s container environment)', () => {
    const task = { detail: { overrides: { containerOverrides: [{ name: 'sidecar' }, { name: 'main', environment: [{ name: 'PORT' }, { name: 'AWS_BATCH_JOB_ID', value: 'j-1' }] }] } } };
    const pattern = { detail: { overrides: { containerOverrides: { environment: { name: ['AWS_BATCH_JOB_ID'] } } } } };
    expect(matchesEventPattern(pattern, task)).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { overrides: { containerOverrides: [{ name: 'main', environment: [{ name: 'PORT' }] }] } } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { overrides: { containerOverrides: [{ name: 'main' }] } } })).toBe(false);
  });

  it('matches prefix, also ignoring case', () => {
    expect(matchesEventPattern({ detail: { jobQueue: [{ prefix: 'arn:aws:batch:' }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { jobQueue: [{ prefix: 'ARN:AWS:BATCH:' }] } }, jobEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { jobQueue: [{ prefix: { 'equals-ignore-case': 'ARN:AWS:BATCH:' } }] } }, jobEvent)).toBe(true);
  });

  it('matches suffix, also ignoring case', () => {
    expect(matchesEventPattern({ detail: { jobQueue: [{ suffix: '/high-priority' }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { jobQueue: [{ suffix: '/low-priority' }] } }, jobEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { jobQueue: [{ suffix: { 'equals-ignore-case': '/HIGH-PRIORITY' } }] } }, jobEvent)).toBe(true);
  });

  it('matches equals-ignore-case', () => {
    expect(matchesEventPattern({ detail: { status: [{ 'equals-ignore-case': 'running' }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { status: [{ 'equals-ignore-case': 'runnable' }] } }, jobEvent)).toBe(false);
  });

  it('matches wildcards, with a backslash escaping a literal star', () => {
    const cluster = (arn: string) => ({ detail: { clusterArn: arn } });
    const pattern = { detail: { clusterArn: [{ wildcard: '*:cluster/AWSBatch-*' }] } };
    expect(matchesEventPattern(pattern, cluster('arn:aws:ecs:us-east-1:1:cluster/AWSBatch-ce-1234'))).toBe(true);
    expect(matchesEventPattern(pattern, cluster('arn:aws:ecs:us-east-1:1:cluster/default'))).toBe(false);
    expect(matchesEventPattern({ detail: { name: [{ wildcard: 'a\\*b' }] } }, { detail: { name: 'a*b' } })).toBe(true);
    expect(matchesEventPattern({ detail: { name: [{ wildcard: 'a\\*b' }] } }, { detail: { name: 'axxb' } })).toBe(false);
  });

  it('matches anything-but a single value', () => {
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': 'SUBMITTED' }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': 'RUNNING' }] } }, jobEvent)).toBe(false);
  });

  it('matches anything-but a list of values', () => {
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': ['SUBMITTED', 'PENDING'] }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': ['SUBMITTED', 'RUNNING'] }] } }, jobEvent)).toBe(false);
  });

  it('matches anything-but a prefix, a suffix, a case-insensitive value and a wildcard', () => {
    expect(matchesEventPattern({ region: [{ 'anything-but': { prefix: 'eu-' } }] }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ region: [{ 'anything-but': { prefix: 'us-' } }] }, jobEvent)).toBe(false);
    expect(matchesEventPattern({ region: [{ 'anything-but': { suffix: '-1' } }] }, jobEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': { 'equals-ignore-case': ['running'] } }] } }, jobEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { jobQueue: [{ 'anything-but': { wildcard: '*/low-*' } }] } }, jobEvent)).toBe(true);
  });

  it('never matches an absent field with anything-but', () => {
    expect(matchesEventPattern({ detail: { missing: [{ 'anything-but': 'x' }] } }, jobEvent)).toBe(false);
  });

  it('matches exists true on present leaf fields and exists false on absent ones', () => {
    expect(matchesEventPattern({ detail: { jobId: [{ exists: true }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { jobId: [{ exists: false }] } }, jobEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { containerInstanceArn: [{ exists: false }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { containerInstanceArn: [{ exists: true }] } }, jobEvent)).toBe(false);
  });

  it('treats an object-valued field as absent for exists, since exists tests leaves only', () => {
    expect(matchesEventPattern({ detail: { container: [{ exists: true }] } }, jobEvent)).toBe(false);
  });

  it('treats an empty array as absent', () => {
    expect(matchesEventPattern({ detail: { items: [{ exists: false }] } }, { detail: { items: [] } })).toBe(true);
  });

  it('matches numeric ranges on numbers only', () => {
    expect(matchesEventPattern({ detail: { attempts: [{ numeric: ['>', 1, '<=', 3] }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { attempts: [{ numeric: ['>=', 3] }] } }, jobEvent)).toBe(false);
    expect(matchesEventPattern({ detail: { attempts: [{ numeric: ['=', 2] }] } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { attempts: [{ numeric: ['=', 2] }] } }, { detail: { attempts: '2' } })).toBe(false);
  });

  it('matches IPv4 addresses within a CIDR block', () => {
    expect(matchesEventPattern({ detail: { nodes: { ip: [{ cidr: '10.0.2.0/24' }] } } }, jobEvent)).toBe(true);
    expect(matchesEventPattern({ detail: { nodes: { ip: [{ cidr: '10.0.3.0/24' }] } } }, jobEvent)).toBe(false);
  });

  it('matches $or when any alternative matches', () => {
    const pattern = { source: ['aws.batch'], $or: [{ detail: { status: ['FAILED'] } }, { detail: { attempts: [{ numeric: ['>', 1] }] } }] };
    expect(matchesEventPattern(pattern, jobEvent)).toBe(true);
    expect(matchesEventPattern(pattern, { ...jobEvent, detail: { status: 'RUNNING', attempts: 1 } })).toBe(false);
  });

  it('matches $or nested inside an object, with prefix and exists alternatives (a launch template by name or by id)', () => {
    const pattern = { detail: { requestParameters: { $or: [{ launchTemplate: { launchTemplateName: [{ prefix: 'Batch-lt-' }] } }, { launchTemplate: { launchTemplateId: [{ exists: true }] } }] } } };
    expect(matchesEventPattern(pattern, { detail: { requestParameters: { launchTemplate: { launchTemplateName: 'Batch-lt-1a2b' } } } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { requestParameters: { launchTemplate: { launchTemplateId: 'lt-0abc' } } } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { requestParameters: { launchTemplate: { launchTemplateName: 'web-Batch-lt-1a2b' } } } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { requestParameters: { launchConfigurationName: 'old' } } })).toBe(false);
  });

  it('mixes exact values and operators as alternatives of one field', () => {
    const pattern = { detail: { status: ['FAILED', { prefix: 'RUN' }] } };
    expect(matchesEventPattern(pattern, jobEvent)).toBe(true);
  });

  it('rejects an unknown operator, naming the field path', () => {
    expect(() => compileEventPattern({ detail: { status: [{ contains: 'RUN' }] } }, 'JobStateRule')).toThrow(
      'JobStateRule.detail.status[0]: expected one of the operators prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr, found "contains"',
    );
  });

  it('rejects a bare value where a list of match values belongs', () => {
    expect(() => compileEventPattern({ source: 'aws.batch' })).toThrow('EventPattern.source: expected a list of match values or a nested pattern object, found string "aws.batch"');
  });

  it('rejects malformed numeric, empty lists and empty patterns', () => {
    expect(() => compileEventPattern({ detail: { n: [{ numeric: ['>>', 1] }] } })).toThrow('EventPattern.detail.n[0].numeric[0]: expected one of =, <, <=, >, >=');
    expect(() => compileEventPattern({ source: [] })).toThrow('EventPattern.source: expected at least one match value, found an empty list');
    expect(() => compileEventPattern({})).toThrow('EventPattern: expected at least one field, found an empty pattern');
  });
});
