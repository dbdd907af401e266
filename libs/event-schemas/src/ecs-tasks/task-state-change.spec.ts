// Fixture reproduced from the Amazon ECS Developer Guide, "Amazon ECS events" → "Task state change
// events" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html).
import documentedFargateTask from './__fixtures__/task-state-change.fargate.aws-docs.json';
import { batchJobEnvironment } from './ecs-task';
import { taskStateChangeSchema } from './task-state-change';
import { buildTaskStateChange } from './task-state-change.builder';

describe('the documented task state change sample', () => {
  it('validates', () => {
    expect(taskStateChangeSchema.safeParse(documentedFargateTask).success).toBe(true);
  });

  it('has no container instance, being a Fargate task', () => {
    expect(taskStateChangeSchema.parse(documentedFargateTask).detail.containerInstanceArn).toBeUndefined();
  });

  it('carries no Batch job id, not being a Batch task', () => {
    const event = taskStateChangeSchema.parse(documentedFargateTask);
    expect(batchJobEnvironment(event.detail.overrides)).toEqual({
      jobId: undefined,
      jobQueueName: undefined,
      computeEnvironmentName: undefined,
      jobAttempt: undefined,
    });
  });
});

describe('buildTaskStateChange', () => {
  it.each(['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPED'])('builds a valid task event in state %s', (lastStatus) => {
    expect(taskStateChangeSchema.safeParse(buildTaskStateChange({ lastStatus })).success).toBe(true);
  });

  it('writes the Batch variables into the container overrides', () => {
    const event = buildTaskStateChange({ jobId: 'job-1', jobQueueName: 'q1', computeEnvironment: 'ce-1' });
    expect(batchJobEnvironment(event.detail.overrides)).toEqual({
      jobId: 'job-1',
      jobQueueName: 'q1',
      computeEnvironmentName: 'ce-1',
      jobAttempt: 1,
    });
  });

  it('places an EC2 task on a container instance of its Batch cluster', () => {
    const detail = buildTaskStateChange({ computeEnvironment: 'ce-1' }).detail;
    expect(detail.clusterArn).toMatch(/:cluster\/AWSBatch-ce-1-/);
    expect(detail.containerInstanceArn).toMatch(/:container-instance\/AWSBatch-ce-1-/);
  });

  it('leaves a Fargate task without container instance', () => {
    const detail = buildTaskStateChange({ launchType: 'FARGATE' }).detail;
    expect(detail.launchType).toBe('FARGATE');
    expect(detail.containerInstanceArn).toBeUndefined();
  });

  it('says why a stopped task stopped', () => {
    const detail = buildTaskStateChange({ lastStatus: 'STOPPED' }).detail;
    expect(detail.desiredStatus).toBe('STOPPED');
    expect(detail.stopCode).toBe('EssentialContainerExited');
  });
});

describe('batchJobEnvironment', () => {
  it('takes the first container that sets a variable', () => {
    const environment = batchJobEnvironment({
      containerOverrides: [
        { name: 'sidecar', environment: [{ name: 'OTHER', value: 'x' }] },
        { name: 'app', environment: [{ name: 'AWS_BATCH_JOB_ID', value: 'job-2' }] },
        { name: 'late', environment: [{ name: 'AWS_BATCH_JOB_ID', value: 'job-3' }] },
      ],
    });
    expect(environment.jobId).toBe('job-2');
  });

  it('ignores values CloudTrail redacted', () => {
    const environment = batchJobEnvironment({
      containerOverrides: [{ environment: [{ name: 'AWS_BATCH_JOB_ID', value: 'HIDDEN_DUE_TO_SECURITY_REASONS' }] }],
    });
    expect(environment.jobId).toBeUndefined();
  });

  it('ignores an environment redacted as a whole', () => {
    expect(batchJobEnvironment({ containerOverrides: [{ environment: 'HIDDEN_DUE_TO_SECURITY_REASONS' }] }).jobId).toBeUndefined();
  });

  it('returns nothing when there are no overrides', () => {
    expect(batchJobEnvironment(undefined).jobId).toBeUndefined();
  });
});
