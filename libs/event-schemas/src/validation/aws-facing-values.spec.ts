import documentedRunnable from '../batch-jobs/__fixtures__/job-state-change.runnable.aws-docs.json';
import documentedInstance from '../container-instances/__fixtures__/container-instance-state-change.aws-docs.json';
import documentedFargateTask from '../ecs-tasks/__fixtures__/task-state-change.fargate.aws-docs.json';
import { buildCreateAutoScalingGroupCall } from '../auto-scaling-groups/create-group-calls';
import { buildJobStateChange } from '../batch-jobs/job-state-change.builder';
import { buildContainerInstanceStateChange } from '../container-instances/container-instance-state-change.builder';
import { buildContainerInstanceRegistrationCall } from '../container-instances/registration-calls';
import { buildRunTaskCall } from '../ecs-tasks/run-task-calls';
import { buildTaskStateChange } from '../ecs-tasks/task-state-change.builder';
import { EventFamily } from '../eventbridge/event-families';
import { MAX_AWS_FACING_LENGTH, awsFacingValueIssues } from './aws-facing-values';
import { validateEvent } from './validate-event';

const jobEvent = (changes: Record<string, unknown>): unknown => {
  const event = buildJobStateChange();
  return { ...event, detail: { ...event.detail, ...changes } };
};

describe('awsFacingValueIssues', () => {
  it.each([
    [EventFamily.BatchJobStateChange, documentedRunnable],
    [EventFamily.EcsTaskStateChange, documentedFargateTask],
    [EventFamily.EcsContainerInstanceStateChange, documentedInstance],
    [EventFamily.BatchJobStateChange, buildJobStateChange()],
    [EventFamily.EcsTaskStateChange, buildTaskStateChange()],
    [EventFamily.EcsContainerInstanceStateChange, buildContainerInstanceStateChange()],
    [EventFamily.EcsContainerInstanceRegistrationCall, buildContainerInstanceRegistrationCall()],
    [EventFamily.EcsRunTaskCall, buildRunTaskCall()],
    [EventFamily.AutoScalingGroupCreationCall, buildCreateAutoScalingGroupCall()],
  ])('finds nothing to refuse in a real %s event', (family, event) => {
    expect(awsFacingValueIssues(family, event)).toEqual([]);
  });

  it('names a control character in a value that becomes a dimension, by its field path', () => {
    expect(awsFacingValueIssues(EventFamily.BatchJobStateChange, jobEvent({ jobQueue: 'high\u0007' }))).toEqual([
      {
        path: 'detail.jobQueue',
        message: `expected printable ASCII of at most ${MAX_AWS_FACING_LENGTH} characters (a CloudWatch dimension value or DynamoDB key), found string "high\\u0007" (character U+0007 at position 4)`,
      },
    ]);
  });

  it('refuses a value that is not ASCII, showing it escaped', () => {
    const [issue] = awsFacingValueIssues(EventFamily.BatchJobStateChange, jobEvent({ jobDefinition: 'réndér' }));
    expect(issue?.path).toBe('detail.jobDefinition');
    expect(issue?.message).toMatch(/found string "r\\u00e9nd\\u00e9r" \(character U\+00E9 at position 1\)$/);
  });

  it('refuses a value longer than a dimension value may be', () => {
    const [issue] = awsFacingValueIssues(EventFamily.BatchJobStateChange, jobEvent({ jobId: 'j'.repeat(MAX_AWS_FACING_LENGTH + 1) }));
    expect(issue).toMatchObject({ path: 'detail.jobId', message: expect.stringMatching(/\(1025 characters\)$/) as unknown });
  });

  it('accepts a value of exactly the longest length', () => {
    expect(awsFacingValueIssues(EventFamily.BatchJobStateChange, jobEvent({ jobId: 'j'.repeat(MAX_AWS_FACING_LENGTH) }))).toEqual([]);
  });

  it('follows arrays, naming the element', () => {
    const event = buildContainerInstanceStateChange();
    const attributes = [{ name: 'ecs.instance-type', value: 'm5.large' }, { name: 'ecs.availability-zone', value: 'us-east-1a\n' }];
    expect(awsFacingValueIssues(EventFamily.EcsContainerInstanceStateChange, { ...event, detail: { ...event.detail, attributes } }).map(({ path }) => path)).toEqual([
      'detail.attributes.1.value',
    ]);
  });

  it('leaves free text that never becomes a dimension alone', () => {
    expect(awsFacingValueIssues(EventFamily.BatchJobStateChange, jobEvent({ statusReason: 'Essential container exited: «exit 1»\n' }))).toEqual([]);
  });
});

describe('validateEvent with values AWS would refuse', () => {
  it('fails a valid-shaped event whose queue holds a control character, with the field path', () => {
    const result = validateEvent(jobEvent({ jobQueue: 'high\u0000' }));
    expect(result).toMatchObject({ ok: false, family: EventFamily.BatchJobStateChange, issues: [{ path: 'detail.jobQueue' }] });
  });
});
