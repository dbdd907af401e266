import { buildJobStateChange, type JobStateChangeBuildOptions } from '@batchmon/event-schemas';
import jsonata from 'jsonata';
import { DEFAULT_JOB_RETENTION, describeJob } from './describe-job';

interface Described {
  readonly launchType: string;
  readonly nodeRole?: string;
  readonly timed: boolean;
  readonly arrayParent: boolean;
  readonly containerInstanceArn?: string;
}

/** Evaluates the state's JSONata as Step Functions does (`$states.input` bound) and returns `$.job`. */
async function describe_(event: unknown): Promise<Described> {
  const template = describeJob(DEFAULT_JOB_RETENTION, 'Next').Output;
  if (typeof template !== 'string') throw new Error(`describeJob: expected a JSONata template as Output, found ${JSON.stringify(template)}`);
  const expression = jsonata(template.replace(/^\{%\s*/, '').replace(/\s*%\}$/, ''));
  const output = (await expression.evaluate(undefined, { states: { input: event, context: {} } })) as { job: Described };
  return output.job;
}

const event = (options: JobStateChangeBuildOptions) => buildJobStateChange(options);
const INSTANCE = 'arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/f711cf81';

// Real events carry other kinds' fields empty: the 2025 captures published in
// aws-samples/aws-batch-runtime-monitoring have `eksAttempts: []` on ECS jobs and
// `platformCapabilities: []` on multi-node nodes, which carry `nodeDetails` but no `nodeProperties`.
describe('describeJob decides the kind of job by what the event says it is', () => {
  it('counts an EC2 job with an empty eksAttempts list on EC2, on its container instance', async () => {
    const job = await describe_(event({ status: 'RUNNING', containerInstanceArn: INSTANCE, detail: { eksAttempts: [] } }));
    expect(job).toMatchObject({ launchType: 'EC2', timed: true, arrayParent: false, containerInstanceArn: INSTANCE });
  });

  it('counts a job with empty EKS pod properties on EC2', async () => {
    const job = await describe_(event({ status: 'RUNNING', detail: { eksProperties: { podProperties: {} }, eksAttempts: [] } }));
    expect(job.launchType).toBe('EC2');
  });

  it('counts a job whose definition names no platform on EC2', async () => {
    const job = await describe_(event({ status: 'RUNNING', detail: { platformCapabilities: [] } }));
    expect(job.launchType).toBe('EC2');
  });

  it('counts a Fargate job with an empty eksAttempts list on Fargate, on no instance', async () => {
    const job = await describe_(event({ shape: 'fargate', status: 'RUNNING', detail: { eksAttempts: [] } }));
    expect(job.launchType).toBe('FARGATE');
    expect(job.containerInstanceArn).toBeUndefined();
  });

  it('counts an EKS job on EKS before it ran, from its pod properties', async () => {
    const job = await describe_(event({ shape: 'eks', status: 'RUNNABLE' }));
    expect(job.launchType).toBe('EKS');
  });

  it('counts an EKS job on EKS once it ran, from its attempts', async () => {
    const job = await describe_(event({ shape: 'eks', status: 'SUCCEEDED' }));
    expect([job.launchType, job.containerInstanceArn]).toEqual(['EKS', undefined]);
  });

  it('takes a job defined with ECS properties to its task’s container instance', async () => {
    const job = await describe_(event({ shape: 'multiContainer', status: 'RUNNING', containerInstanceArn: INSTANCE, detail: { eksAttempts: [] } }));
    expect(job).toMatchObject({ launchType: 'EC2', containerInstanceArn: INSTANCE });
  });

  it('takes a multi-node node without nodeProperties for a timed node on its instance', async () => {
    const node = event({ shape: 'multiNode', nodeIndex: 0, status: 'RUNNING', containerInstanceArn: INSTANCE });
    const { nodeProperties: _parentOnly, ...detail } = node.detail;
    const job = await describe_({ ...node, detail: { ...detail, platformCapabilities: [], eksAttempts: [] } });
    expect(job).toMatchObject({ launchType: 'EC2', nodeRole: 'main', timed: true, containerInstanceArn: INSTANCE });
  });

  it('takes a multi-node parent for an untimed job on no instance', async () => {
    const job = await describe_(event({ shape: 'multiNode', status: 'SUCCEEDED' }));
    expect([job.timed, job.nodeRole, job.containerInstanceArn]).toEqual([false, undefined, undefined]);
  });

  it('does not take a job with empty nodeProperties for a multi-node parent', async () => {
    const job = await describe_(event({ status: 'RUNNING', containerInstanceArn: INSTANCE, detail: { nodeProperties: {} } }));
    expect([job.timed, job.nodeRole, job.containerInstanceArn]).toEqual([true, undefined, INSTANCE]);
  });

  it('does not take a job with empty nodeDetails for a node', async () => {
    const job = await describe_(event({ status: 'RUNNING', detail: { nodeDetails: {} } }));
    expect(job.nodeRole).toBeUndefined();
  });

  it('takes an array parent for an untimed job on no instance', async () => {
    const job = await describe_(event({ shape: 'arrayParent', status: 'SUCCEEDED' }));
    expect([job.arrayParent, job.timed, job.containerInstanceArn]).toEqual([true, false, undefined]);
  });

  it('takes an array child for a timed job on its instance', async () => {
    const job = await describe_(event({ shape: 'arrayChild', status: 'RUNNING', containerInstanceArn: INSTANCE }));
    expect(job).toMatchObject({ arrayParent: false, timed: true, containerInstanceArn: INSTANCE });
  });

  it('does not take a job with empty arrayProperties for an array parent', async () => {
    const job = await describe_(event({ status: 'RUNNING', detail: { arrayProperties: {} } }));
    expect(job).toMatchObject({ arrayParent: false, timed: true });
  });

  it('skips an empty container instance ARN for the next place that names one', async () => {
    const built = event({ shape: 'multiContainer', status: 'RUNNING', containerInstanceArn: INSTANCE });
    const job = await describe_({ ...built, detail: { ...built.detail, container: { containerInstanceArn: '' } } });
    expect(job.containerInstanceArn).toBe(INSTANCE);
  });
});
