import documentedRunnable from '../batch-jobs/__fixtures__/job-state-change.runnable.aws-docs.json';
import documentedBlocked from '../batch-jobs/__fixtures__/job-queue-blocked.aws-docs.json';
import documentedInstance from '../container-instances/__fixtures__/container-instance-state-change.aws-docs.json';
import documentedFargateTask from '../ecs-tasks/__fixtures__/task-state-change.fargate.aws-docs.json';
import { buildCreateAutoScalingGroupCall } from '../auto-scaling-groups/create-group-calls';
import { buildJobQueueBlocked } from '../batch-jobs/job-queue-blocked';
import { buildJobStateChange } from '../batch-jobs/job-state-change.builder';
import { buildContainerInstanceStateChange } from '../container-instances/container-instance-state-change.builder';
import { buildContainerInstanceRegistrationCall } from '../container-instances/registration-calls';
import { buildRunTaskCall } from '../ecs-tasks/run-task-calls';
import { buildTaskStateChange } from '../ecs-tasks/task-state-change.builder';
import { EventFamily } from '../eventbridge/event-families';
import { familyOf } from './family-of';
import { validateEvent } from './validate-event';

const builtByFamily: [EventFamily, unknown][] = [
  [EventFamily.BatchJobStateChange, buildJobStateChange()],
  [EventFamily.BatchJobQueueBlocked, buildJobQueueBlocked()],
  [EventFamily.EcsTaskStateChange, buildTaskStateChange()],
  [EventFamily.EcsContainerInstanceStateChange, buildContainerInstanceStateChange()],
  [EventFamily.EcsContainerInstanceRegistrationCall, buildContainerInstanceRegistrationCall()],
  [EventFamily.EcsContainerInstanceRegistrationCall, buildContainerInstanceRegistrationCall({ eventName: 'DeregisterContainerInstance' })],
  [EventFamily.EcsRunTaskCall, buildRunTaskCall()],
  [EventFamily.AutoScalingGroupCreationCall, buildCreateAutoScalingGroupCall()],
];

function withDetail(event: { detail: object }, changes: Record<string, unknown>): unknown {
  return { ...event, detail: { ...event.detail, ...changes } };
}

describe('familyOf', () => {
  it.each(builtByFamily)('classifies a built event as %s', (family, event) => {
    expect(familyOf(event)).toBe(family);
  });

  it('classifies the documented samples', () => {
    expect(familyOf(documentedRunnable)).toBe(EventFamily.BatchJobStateChange);
    expect(familyOf(documentedBlocked)).toBe(EventFamily.BatchJobQueueBlocked);
    expect(familyOf(documentedFargateTask)).toBe(EventFamily.EcsTaskStateChange);
    expect(familyOf(documentedInstance)).toBe(EventFamily.EcsContainerInstanceStateChange);
  });

  it('returns undefined for other events', () => {
    expect(familyOf({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' })).toBeUndefined();
    expect(familyOf(withDetail(buildRunTaskCall(), { eventName: 'StopTask' }))).toBeUndefined();
    expect(familyOf('not an event')).toBeUndefined();
  });

  it('requires source and detail-type to agree', () => {
    expect(familyOf({ ...buildJobStateChange(), source: 'aws.ecs' })).toBeUndefined();
  });
});

describe('validateEvent', () => {
  it.each(builtByFamily)('accepts a built %s event', (family, event) => {
    expect(validateEvent(event)).toMatchObject({ ok: true, family });
  });

  it('narrows the event type by family', () => {
    const result = validateEvent(buildJobStateChange({ status: 'FAILED' }));
    if (!result.ok || result.family !== EventFamily.BatchJobStateChange) throw new Error('expected a job state change');
    expect(result.event.detail.status).toBe('FAILED');
  });

  it('names a missing field by its path and says what was expected', () => {
    // The JSON round trip drops the key, as in a real event that lacks the field.
    const event: unknown = JSON.parse(JSON.stringify(withDetail(buildJobStateChange(), { jobQueue: undefined })));
    expect(validateEvent(event)).toEqual({
      ok: false,
      family: EventFamily.BatchJobStateChange,
      issues: [{ path: 'detail.jobQueue', message: 'expected string, found undefined (field missing)' }],
    });
  });

  it('names a field inside an array by its index', () => {
    const result = validateEvent(withDetail(buildJobStateChange({ status: 'SUCCEEDED' }), { attempts: [{ container: 'i-abc' }] }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual([
      { path: 'detail.attempts.0.container', message: 'expected object, found string "i-abc"' },
    ]);
  });

  it('says which values an enumerated field allows', () => {
    const result = validateEvent(withDetail(buildJobStateChange(), { status: 'PAUSED' }));
    expect(!result.ok && result.issues[0]).toEqual({
      path: 'detail.status',
      message:
        'expected one of "SUBMITTED" | "PENDING" | "RUNNABLE" | "STARTING" | "RUNNING" | "SUCCEEDED" | "FAILED", found string "PAUSED"',
    });
  });

  it('rejects an empty identifier', () => {
    const result = validateEvent(withDetail(buildTaskStateChange(), { taskArn: '' }));
    expect(!result.ok && result.issues).toEqual([{ path: 'detail.taskArn', message: 'expected a non-empty string, found string ""' }]);
  });

  it('rejects a time that is not ISO 8601', () => {
    const result = validateEvent({ ...buildContainerInstanceStateChange(), time: 'yesterday' });
    expect(!result.ok && result.issues).toEqual([{ path: 'time', message: 'expected datetime format, found string "yesterday"' }]);
  });

  it('reports every problem at once', () => {
    const result = validateEvent(withDetail(buildRunTaskCall(), { requestParameters: { count: 'one' } }));
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual([
      'detail.requestParameters.cluster',
      'detail.requestParameters.count',
    ]);
  });

  it('explains an event of no known family', () => {
    const result = validateEvent({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.family).toBeUndefined();
    expect(!result.ok && result.issues[0]?.message).toMatch(
      /^expected an event of one of the families .*; found source string "aws\.ec2", detail-type string "EC2 Instance State-change Notification"$/,
    );
  });

  it('names the CloudTrail call of an unknown API action', () => {
    const result = validateEvent(withDetail(buildRunTaskCall(), { eventName: 'StopTask' }));
    expect(!result.ok && result.issues[0]?.message).toContain('detail.eventName string "StopTask"');
  });

  it('rejects something that is not an object', () => {
    expect(validateEvent(42)).toEqual({
      ok: false,
      issues: [{ path: '', message: 'expected an EventBridge event object, found number 42' }],
    });
  });

  it('accepts the documented samples of every family that has one', () => {
    for (const sample of [documentedRunnable, documentedBlocked, documentedFargateTask, documentedInstance]) {
      expect(validateEvent(sample).ok).toBe(true);
    }
  });
});
