import { buildJobStateChange, type JobStateChangeBuildOptions } from '@batchmon/event-schemas';
import jsonata from 'jsonata';
import { JOBS_TABLE } from '../instances/instance-item';
import { DEFAULT_JOB_RETENTION, describeJob } from './describe-job';

interface Described {
  readonly launchType: string;
  readonly nodeRole?: string;
  readonly timed: boolean;
  readonly arrayParent: boolean;
  readonly containerInstanceArn?: string;
  readonly taskArn?: string;
  readonly taskKey?: string;
  readonly taskCluster?: string;
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

describe('describeJob names the ECS task a placed job runs in', () => {
  const CLUSTER = 'AWSBatch-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941';
  const TASK = `arn:aws:ecs:us-east-1:123456789012:task/${CLUSTER}/a6611972e03e4d728498be97309e12d9`;
  const OTHER_TASK = `arn:aws:ecs:us-east-1:123456789012:task/${CLUSTER}/0f0e0d0c0b0a09080706050403020100`;

  it('takes the task of a STARTING job from its container, keyed by the task id as JobsPlaced keys it', async () => {
    const built = event({ status: 'STARTING', containerInstanceArn: INSTANCE });
    const job = await describe_({ ...built, detail: { ...built.detail, container: { ...built.detail.container, taskArn: TASK } } });
    expect(job).toMatchObject({ taskArn: TASK, taskKey: `${JOBS_TABLE.taskAttributePrefix}a6611972e03e4d728498be97309e12d9`, taskCluster: CLUSTER });
  });

  it('takes the task of a job defined with ECS properties from its task properties', async () => {
    const built = event({ shape: 'multiContainer', status: 'RUNNING', containerInstanceArn: INSTANCE });
    const [first] = built.detail.ecsProperties?.taskProperties ?? [];
    const job = await describe_({ ...built, detail: { ...built.detail, ecsProperties: { taskProperties: [{ ...first, taskArn: TASK }] } } });
    expect(job.taskArn).toBe(TASK);
  });

  it('takes the task from the place that names the instance, not another attempt’s', async () => {
    const built = event({ status: 'RUNNING', containerInstanceArn: INSTANCE });
    const detail = { ...built.detail, container: { containerInstanceArn: '' }, ecsProperties: { taskProperties: [{ containerInstanceArn: INSTANCE, taskArn: TASK }] } };
    const job = await describe_({ ...built, detail: { ...detail, attempts: [{ container: { containerInstanceArn: INSTANCE, taskArn: OTHER_TASK } }] } });
    expect([job.containerInstanceArn, job.taskArn]).toEqual([INSTANCE, TASK]);
  });

  it('names no task before the job is placed, even when a retried job’s event still shows the last attempt', async () => {
    const built = event({ status: 'RUNNABLE', containerInstanceArn: INSTANCE });
    const job = await describe_({ ...built, detail: { ...built.detail, container: { containerInstanceArn: INSTANCE, taskArn: TASK } } });
    expect([job.taskArn, job.taskKey]).toEqual([undefined, undefined]);
  });

  it('names no task for a Fargate job, whose task JobsPlaced places from its own events', async () => {
    const job = await describe_(event({ shape: 'fargate', status: 'RUNNING' }));
    expect([job.taskArn, job.taskKey]).toEqual([undefined, undefined]);
  });

  it('gives no cluster for a task ARN of the older format, which has none', async () => {
    const built = event({ status: 'RUNNING', containerInstanceArn: INSTANCE });
    const older = 'arn:aws:ecs:us-east-1:123456789012:task/b99d40b3-5176-4f71-9a52-9dbd6f1cebef';
    const job = await describe_({ ...built, detail: { ...built.detail, container: { containerInstanceArn: INSTANCE, taskArn: older } } });
    expect(job).toMatchObject({ taskArn: older, taskKey: `${JOBS_TABLE.taskAttributePrefix}b99d40b3-5176-4f71-9a52-9dbd6f1cebef` });
    expect(job.taskCluster).toBeUndefined();
  });
});
