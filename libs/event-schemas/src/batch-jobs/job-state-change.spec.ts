// Fixture reproduced from the AWS Batch User Guide, "Job state change events"
// (https://docs.aws.amazon.com/batch/latest/userguide/batch_job_events.html).
import documentedRunnable from './__fixtures__/job-state-change.runnable.aws-docs.json';
import { JOB_SHAPES, JOB_STATUSES, jobShapeOf, type JobShape, type JobStatus } from './job-detail';
import { jobStateChangeSchema } from './job-state-change';
import { buildJobStateChange } from './job-state-change.builder';

describe('the documented job state change sample', () => {
  it('validates', () => {
    expect(jobStateChangeSchema.safeParse(documentedRunnable).success).toBe(true);
  });

  it('has no startedAt although the API reference marks it required', () => {
    const event = jobStateChangeSchema.parse(documentedRunnable);
    expect(event.detail.startedAt).toBeUndefined();
  });

  it('keeps fields the schema does not know', () => {
    const event = jobStateChangeSchema.parse(documentedRunnable);
    expect(event.detail.container?.['mountPoints']).toEqual([]);
    expect(event.detail.retryStrategy?.['evaluateOnExit']).toEqual([]);
  });
});

describe('buildJobStateChange', () => {
  const cases = JOB_SHAPES.flatMap((shape) => JOB_STATUSES.map((status) => [shape, status] as const));

  it.each(cases)('builds a valid %s job event in state %s', (shape: JobShape, status: JobStatus) => {
    const parsed = jobStateChangeSchema.safeParse(buildJobStateChange({ shape, status }));
    expect(parsed.error?.issues).toBeUndefined();
  });

  it.each(JOB_SHAPES)('builds a %s job that jobShapeOf recognises', (shape) => {
    expect(jobShapeOf(buildJobStateChange({ shape, nodeIndex: 0 }).detail)).toBe(shape);
  });

  it('places an EC2 container job on a container instance from STARTING on', () => {
    expect(buildJobStateChange({ status: 'RUNNABLE' }).detail.container?.containerInstanceArn).toBeUndefined();
    expect(buildJobStateChange({ status: 'STARTING' }).detail.container?.containerInstanceArn).toMatch(
      /:container-instance\/AWSBatch-/,
    );
  });

  it('never gives a Fargate job a container instance', () => {
    const event = buildJobStateChange({ shape: 'fargate', status: 'SUCCEEDED' });
    expect(event.detail.platformCapabilities).toEqual(['FARGATE']);
    expect(event.detail.container?.containerInstanceArn).toBeUndefined();
    expect(event.detail.container?.taskArn).toBeDefined();
    expect(event.detail.attempts?.[0]?.container?.containerInstanceArn).toBeUndefined();
  });

  it('adds startedAt from RUNNING and stoppedAt only when terminal', () => {
    const starting = buildJobStateChange({ status: 'STARTING' }).detail;
    const running = buildJobStateChange({ status: 'RUNNING' }).detail;
    const failed = buildJobStateChange({ status: 'FAILED' }).detail;
    expect([starting.startedAt, starting.stoppedAt]).toEqual([undefined, undefined]);
    expect(running.startedAt).toBeDefined();
    expect(running.stoppedAt).toBeUndefined();
    expect(failed.stoppedAt).toBeDefined();
  });

  it('records an attempt with the exit code only when the job is terminal', () => {
    expect(buildJobStateChange({ status: 'RUNNING' }).detail.attempts).toEqual([]);
    const failed = buildJobStateChange({ status: 'FAILED', exitCode: 137 }).detail;
    expect(failed.attempts?.[0]?.container?.exitCode).toBe(137);
    expect(failed.container?.exitCode).toBe(137);
  });

  it('gives a multi-container job task properties instead of a container', () => {
    const detail = buildJobStateChange({ shape: 'multiContainer', status: 'SUCCEEDED' }).detail;
    expect(detail.container).toBeUndefined();
    expect(detail.ecsProperties?.taskProperties?.[0]?.containers).toHaveLength(2);
    expect(detail.attempts?.[0]?.taskProperties?.[0]?.containerInstanceArn).toMatch(/:container-instance\//);
    expect(detail.attempts?.[0]?.taskProperties?.[0]?.taskArn).toMatch(/:task\//);
  });

  it('never places an array parent, which summarises its children', () => {
    const detail = buildJobStateChange({ shape: 'arrayParent', status: 'SUCCEEDED', arraySize: 4 }).detail;
    expect(detail.arrayProperties?.size).toBe(4);
    expect(detail.arrayProperties?.statusSummary?.['SUCCEEDED']).toBe(4);
    expect(detail.container?.containerInstanceArn).toBeUndefined();
  });

  it('names an array child after its parent and index', () => {
    const detail = buildJobStateChange({ shape: 'arrayChild', jobId: 'parent', arrayIndex: 7 }).detail;
    expect(detail.jobId).toBe('parent:7');
    expect(detail.arrayProperties?.index).toBe(7);
  });

  it('builds the parent of a multi-node job, or one of its nodes', () => {
    const parent = buildJobStateChange({ shape: 'multiNode', jobId: 'mnp' }).detail;
    const node = buildJobStateChange({ shape: 'multiNode', jobId: 'mnp', nodeIndex: 1 }).detail;
    expect(parent.nodeDetails).toBeUndefined();
    expect(parent.nodeProperties?.numNodes).toBe(2);
    expect(node.jobId).toBe('mnp#1');
    expect(node.nodeDetails).toEqual({ nodeIndex: 1, isMainNode: false });
  });

  it('gives an EKS job pod and node names instead of ECS data', () => {
    const detail = buildJobStateChange({ shape: 'eks', status: 'SUCCEEDED' }).detail;
    expect(detail.container).toBeUndefined();
    expect(detail.eksProperties?.podProperties?.nodeName).toBeDefined();
    expect(detail.eksAttempts?.[0]?.podName).toBeDefined();
  });

  it.each(JOB_SHAPES.filter((shape) => shape !== 'eks'))('gives a %s job the empty EKS attempts list real events carry', (shape) => {
    expect(buildJobStateChange({ shape, status: 'SUCCEEDED' }).detail.eksAttempts).toEqual([]);
  });

  it('emits queue and definition as ARNs whatever form it is given', () => {
    const detail = buildJobStateChange({ jobQueue: 'q1', jobDefinition: 'def:7' }).detail;
    expect(detail.jobQueue).toBe('arn:aws:batch:us-east-1:123456789012:job-queue/q1');
    expect(detail.jobDefinition).toBe('arn:aws:batch:us-east-1:123456789012:job-definition/def:7');
  });

  it('merges detail overrides last', () => {
    expect(buildJobStateChange({ status: 'SUCCEEDED', detail: { attempts: [] } }).detail.attempts).toEqual([]);
  });
});

describe('jobStateChangeSchema', () => {
  it('accepts an empty container object, which the API returns for multi-container jobs', () => {
    const event = buildJobStateChange({ shape: 'multiContainer', detail: { container: {} } });
    expect(jobStateChangeSchema.safeParse(event).success).toBe(true);
  });

  it('rejects an unknown job status', () => {
    const event = { ...buildJobStateChange(), detail: { ...buildJobStateChange().detail, status: 'PAUSED' } };
    expect(jobStateChangeSchema.safeParse(event).success).toBe(false);
  });

  it('requires the job queue', () => {
    const detail = { ...buildJobStateChange().detail, jobQueue: undefined };
    const parsed = jobStateChangeSchema.safeParse({ ...buildJobStateChange(), detail });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['detail.jobQueue']);
  });
});

describe('jobShapeOf with the empty fields real events carry', () => {
  // Real events carry other kinds' fields as empty values (the 2025 captures in
  // aws-samples/aws-batch-runtime-monitoring: `eksAttempts: []` on ECS jobs, `platformCapabilities: []`
  // on multi-node jobs); a field merely being present must not decide the kind.
  const ec2 = buildJobStateChange({ status: 'RUNNING' }).detail;

  it.each<[string, JobShape, Parameters<typeof jobShapeOf>[0]]>([
    ['an EC2 job with eksAttempts: []', 'container', { ...ec2, eksAttempts: [] }],
    ['an EC2 job with eksProperties: {} and empty pod properties', 'container', { ...ec2, eksProperties: { podProperties: {} } }],
    ['a job whose definition names no platform', 'container', { ...ec2, platformCapabilities: [] }],
    ['a job with nodeProperties but no nodes', 'container', { ...ec2, nodeProperties: {} }],
    ['a job with ecsProperties but no task', 'container', { ...ec2, ecsProperties: { taskProperties: [] } }],
    ['a job with arrayProperties but neither size nor index', 'container', { ...ec2, arrayProperties: {} }],
    ['a Fargate job with eksAttempts: []', 'fargate', { ...buildJobStateChange({ shape: 'fargate' }).detail, eksAttempts: [] }],
    [
      'a multi-node node with nodeDetails and no nodeProperties',
      'multiNode',
      { ...ec2, nodeDetails: { nodeIndex: 0, isMainNode: true }, eksAttempts: [], platformCapabilities: [] },
    ],
    ['a multi-node parent', 'multiNode', { ...ec2, nodeProperties: { numNodes: 3 } }],
    ['an array parent', 'arrayParent', { ...ec2, arrayProperties: { size: 4 } }],
    ['an array child', 'arrayChild', { ...ec2, arrayProperties: { index: 2 } }],
    ['an EKS job before it ran', 'eks', { eksProperties: { podProperties: { serviceAccountName: 'default' } }, eksAttempts: [] }],
    ['an EKS job that ran', 'eks', { eksAttempts: [{ podName: 'aws-batch.1' }] }],
  ])('%s is a %s job', (_case, shape, detail) => {
    expect(jobShapeOf(detail)).toBe(shape);
  });
});
