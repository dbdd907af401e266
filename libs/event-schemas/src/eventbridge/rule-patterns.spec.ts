import documentedInstance from '../container-instances/__fixtures__/container-instance-state-change.aws-docs.json';
import documentedFargateTask from '../ecs-tasks/__fixtures__/task-state-change.fargate.aws-docs.json';
import documentedEc2Task from '../ecs-tasks/__fixtures__/task-state-change.ec2-2016.aws-docs.json';
import { isBatchCluster } from '../batch-names/batch-names';
import { buildCreateAutoScalingGroupCall } from '../auto-scaling-groups/create-group-calls';
import { buildInstanceActivity } from '../auto-scaling-groups/instance-activity';
import { buildConfigurationCall } from '../batch-calls/configuration-calls';
import { buildSubmitJobCall } from '../batch-calls/submit-job-calls';
import { buildJobQueueBlocked } from '../batch-jobs/job-queue-blocked';
import { buildJobStateChange } from '../batch-jobs/job-state-change.builder';
import { buildContainerInstanceStateChange } from '../container-instances/container-instance-state-change.builder';
import { buildContainerInstanceRegistrationCall } from '../container-instances/registration-calls';
import { buildRunTaskCall } from '../ecs-tasks/run-task-calls';
import { buildTaskStateChange } from '../ecs-tasks/task-state-change.builder';
import { TASK_STARTING_STATUSES } from '../ecs-tasks/task-state-change';
import { eventPatterns } from '../event-catalog/event-catalog';
import { EVENT_FAMILIES, EventFamily } from './event-families';
import type { EventPattern, EventPatternFilter } from './event-pattern';

// A deliberately tiny EventBridge matcher covering only the filters our patterns use, written from
// "Content filtering in Amazon EventBridge event patterns" and the event-ruler README. The real
// matcher (EventBridge itself, or the emulator in tools/) is the authority; this one checks intent.

function wildcardToRegExp(wildcard: string): RegExp {
  const escaped = wildcard.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function filterMatches(filter: EventPatternFilter, value: unknown): boolean {
  if (filter === null || typeof filter !== 'object') return value === filter;
  if ('exists' in filter) return filter.exists === (value !== undefined);
  if (typeof value !== 'string') return false;
  if ('prefix' in filter) return value.startsWith(filter.prefix);
  if ('suffix' in filter) return value.endsWith(filter.suffix);
  if ('wildcard' in filter) return wildcardToRegExp(filter.wildcard).test(value);
  throw new Error(`the spec matcher does not support ${JSON.stringify(filter)}`);
}

function leafMatches(filters: readonly EventPatternFilter[], value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  return filters.some((filter) => values.some((candidate: unknown) => filterMatches(filter, candidate)));
}

function field(event: unknown, key: string): unknown {
  return typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[key] : undefined;
}

function matches(pattern: EventPattern, event: unknown): boolean {
  // A nested pattern over an array of objects matches when some element matches ("Arrays in Amazon
  // EventBridge event patterns"); elements may be arrays again.
  if (Array.isArray(event)) return event.some((element: unknown) => matches(pattern, element));
  return Object.entries(pattern).every(([key, expected]) => {
    if (expected === undefined) return true;
    if (key === '$or') return (expected as readonly EventPattern[]).some((branch) => matches(branch, event));
    if (Array.isArray(expected)) return leafMatches(expected as readonly EventPatternFilter[], field(event, key));
    return matches(expected as EventPattern, field(event, key));
  });
}

const usesWildcard = (pattern: EventPattern): boolean =>
  leaves(pattern).some(({ filters }) => filters.some((filter) => typeof filter === 'object' && filter !== null && 'wildcard' in filter));

function leaves(pattern: EventPattern): { key: string; filters: readonly unknown[] }[] {
  return Object.entries(pattern).flatMap(([key, value]) => {
    if (value === undefined) return [];
    if (key === '$or') return (value as readonly EventPattern[]).flatMap(leaves);
    if (Array.isArray(value)) return [{ key, filters: value as readonly unknown[] }];
    return leaves(value as EventPattern);
  });
}

function orBranches(pattern: EventPattern): (readonly EventPattern[])[] {
  return Object.entries(pattern).flatMap(([key, value]) => {
    if (value === undefined || (Array.isArray(value) && key !== '$or')) return [];
    if (key === '$or') {
      const branches = value as readonly EventPattern[];
      return [branches, ...branches.flatMap(orBranches)];
    }
    return orBranches(value as EventPattern);
  });
}

const UUID = '5b7e9d2c-1a4f-4c1e-9f0a-2b3c4d5e6f70';
const CLUSTER_ARN = (name: string) => `arn:aws:ecs:us-east-1:123456789012:cluster/${name}`;

const builtEvents: Record<EventFamily, unknown> = {
  [EventFamily.BatchJobStateChange]: buildJobStateChange(),
  [EventFamily.BatchJobQueueBlocked]: buildJobQueueBlocked(),
  // Only a task on no container instance is placed from its own events (JobStates places the others).
  [EventFamily.EcsTaskStateChange]: buildTaskStateChange({ launchType: 'FARGATE' }),
  [EventFamily.EcsContainerInstanceStateChange]: buildContainerInstanceStateChange(),
  [EventFamily.EcsContainerInstanceRegistrationCall]: buildContainerInstanceRegistrationCall(),
  // Only a call that could not place its task starts an execution (JobStates places the others).
  [EventFamily.EcsRunTaskCall]: buildRunTaskCall({ failures: [{ reason: 'RESOURCE:MEMORY' }] }),
  [EventFamily.AutoScalingGroupCreationCall]: buildCreateAutoScalingGroupCall(),
  [EventFamily.BatchJobSubmissionCall]: buildSubmitJobCall(),
  [EventFamily.BatchConfigurationCall]: buildConfigurationCall('CreateJobQueue', { jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] }),
  [EventFamily.AutoScalingInstanceActivity]: buildInstanceActivity({ detailType: 'EC2 Instance Launch Unsuccessful' }),
};

describe('rule patterns', () => {
  it.each(EVENT_FAMILIES)('of %s match the events its builder makes', (family) => {
    expect(matches(eventPatterns[family], builtEvents[family])).toBe(true);
  });

  it.each(EVENT_FAMILIES)('of %s match no other family’s events', (family) => {
    const others = EVENT_FAMILIES.filter((other) => other !== family).filter((other) =>
      matches(eventPatterns[family], builtEvents[other]),
    );
    expect(others).toEqual([]);
  });

  it.each(EVENT_FAMILIES)('of %s use only documented syntax: non-empty filter arrays, no consecutive wildcards', (family) => {
    for (const { filters } of leaves(eventPatterns[family])) {
      expect(filters.length).toBeGreaterThan(0);
      for (const filter of filters) {
        const wildcard = typeof filter === 'object' && filter !== null && 'wildcard' in filter ? String(filter.wildcard) : '';
        expect(wildcard).not.toContain('**');
      }
    }
  });

  it.each(EVENT_FAMILIES)('of %s give every $or at least two alternatives', (family) => {
    for (const branches of orBranches(eventPatterns[family])) expect(branches.length).toBeGreaterThanOrEqual(2);
  });

  it('use wildcard filters in at most two families, as EventBridge allows only 30 such rules per event bus', () => {
    const withWildcards = EVENT_FAMILIES.filter((family) => usesWildcard(eventPatterns[family]));
    expect(withWildcards.length).toBeLessThanOrEqual(2);
    // Those whose only Batch sign is the cluster, given as an ARN or a name of the older form.
    expect(withWildcards.sort()).toEqual([EventFamily.EcsContainerInstanceRegistrationCall, EventFamily.EcsContainerInstanceStateChange].sort());
  });

  it.each(EVENT_FAMILIES)('of %s stay far below the 4096-character pattern limit', (family) => {
    expect(JSON.stringify(eventPatterns[family]).length).toBeLessThan(1024);
  });
});

describe('the ECS task state change pattern', () => {
  const pattern = eventPatterns[EventFamily.EcsTaskStateChange];
  const taskIn = (clusterArn: string) => buildTaskStateChange({ clusterArn, launchType: 'FARGATE' });
  const withoutBatchJob = (clusterArn: string) =>
    buildTaskStateChange({
      clusterArn,
      launchType: 'FARGATE',
      detail: { overrides: { containerOverrides: [{ name: 'web', environment: [{ name: 'PORT', value: '80' }] }] } },
    });

  it('matches the tasks of Batch jobs in current and older Batch clusters', () => {
    expect(matches(pattern, taskIn(CLUSTER_ARN(`AWSBatch-my-ce-${UUID}`)))).toBe(true);
    expect(matches(pattern, taskIn(CLUSTER_ARN(`my_ce_Batch_${UUID}`)))).toBe(true);
  });

  it('rejects the documented Fargate sample, whose task runs no Batch job', () => {
    expect(matches(pattern, documentedFargateTask)).toBe(false);
  });

  it('rejects tasks that run no Batch job, whatever their cluster', () => {
    expect(matches(pattern, withoutBatchJob(CLUSTER_ARN('default')))).toBe(false);
    expect(matches(pattern, withoutBatchJob(CLUSTER_ARN('reporting_Batch_jobs')))).toBe(false);
    expect(matches(pattern, buildTaskStateChange({ launchType: 'FARGATE', detail: { overrides: { containerOverrides: [{ name: 'web' }] } } }))).toBe(false);
  });

  it('rejects a look-alike Batch cluster name that isBatchCluster refuses too, when its task runs no Batch job', () => {
    const lookAlike = CLUSTER_ARN('reporting_Batch_jobs');
    expect(matches(pattern, withoutBatchJob(lookAlike))).toBe(false);
    expect(isBatchCluster(lookAlike)).toBe(false);
  });

  const batchTask = (lastStatus: string, desiredStatus: string, launchType: 'EC2' | 'FARGATE' = 'FARGATE') => {
    const event = buildTaskStateChange({ clusterArn: CLUSTER_ARN(`AWSBatch-my-ce-${UUID}`), lastStatus, launchType });
    return { ...event, detail: { ...event.detail, desiredStatus } };
  };

  it.each(TASK_STARTING_STATUSES)('rejects a task %s on a container instance, which the job’s own events place', (lastStatus) => {
    expect(matches(pattern, batchTask(lastStatus, 'RUNNING', 'EC2'))).toBe(false);
  });

  it('rejects the 2016 documented task on EC2, which names its container instance but no launch type', () => {
    const inBatch = { ...documentedEc2Task, detail: { ...documentedEc2Task.detail, overrides: { containerOverrides: [{ name: 'x', environment: [{ name: 'AWS_BATCH_JOB_ID', value: 'j' }] }] } } };
    expect(matches(pattern, inBatch)).toBe(false);
    expect(matches(pattern, { ...inBatch, detail: { ...inBatch.detail, containerInstanceArn: undefined } })).toBe(true);
  });

  it.each(TASK_STARTING_STATUSES)('matches a Fargate task %s and meant to run, which can show it placed first', (lastStatus) => {
    expect(matches(pattern, batchTask(lastStatus, 'RUNNING'))).toBe(true);
  });

  it.each(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'])('rejects a task %s, which only repeats a placement already shown', (lastStatus) => {
    expect(matches(pattern, batchTask(lastStatus, 'STOPPED'))).toBe(false);
  });

  it('rejects a running task that is being stopped', () => {
    expect(matches(pattern, batchTask('RUNNING', 'STOPPED'))).toBe(false);
  });
});

describe('the ECS container instance state change pattern', () => {
  const pattern = eventPatterns[EventFamily.EcsContainerInstanceStateChange];

  it('matches instances of current and older Batch clusters', () => {
    expect(matches(pattern, buildContainerInstanceStateChange({ clusterArn: CLUSTER_ARN(`AWSBatch-ce-${UUID}`) }))).toBe(true);
    expect(matches(pattern, buildContainerInstanceStateChange({ clusterArn: CLUSTER_ARN(`ce_Batch_${UUID}`) }))).toBe(true);
  });

  it('rejects the documented sample, whose cluster is "default"', () => {
    expect(matches(pattern, documentedInstance)).toBe(false);
  });
});

describe('the container instance registration pattern', () => {
  const pattern = eventPatterns[EventFamily.EcsContainerInstanceRegistrationCall];
  const call = (cluster: string, eventName?: 'RegisterContainerInstance' | 'DeregisterContainerInstance') =>
    buildContainerInstanceRegistrationCall({ cluster, eventName });

  it.each([
    ['a bare current name', `AWSBatch-ce-${UUID}`],
    ['a current ARN', CLUSTER_ARN(`AWSBatch-ce-${UUID}`)],
    ['a bare older name', `ce_Batch_${UUID}`],
    ['an older ARN', CLUSTER_ARN(`ce_Batch_${UUID}`)],
  ])('matches a Batch cluster given as %s', (_form, cluster) => {
    expect(matches(pattern, call(cluster))).toBe(true);
    expect(matches(pattern, call(cluster, 'DeregisterContainerInstance'))).toBe(true);
  });

  it('rejects other clusters, as a name or an ARN', () => {
    expect(matches(pattern, call('default'))).toBe(false);
    expect(matches(pattern, call(CLUSTER_ARN('prod-web')))).toBe(false);
  });
});

describe('the RunTask pattern', () => {
  const pattern = eventPatterns[EventFamily.EcsRunTaskCall];
  const memory = [{ reason: 'RESOURCE:MEMORY' }];
  // A RunTask call EventBridge Scheduler makes for another team's scheduled task.
  const byAnotherCaller = (call: ReturnType<typeof buildRunTaskCall>) => ({
    ...call,
    detail: {
      ...call.detail,
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/scheduler-role/run', accountId: '123456789012', invokedBy: 'scheduler.amazonaws.com' },
      sourceIPAddress: 'scheduler.amazonaws.com',
      userAgent: 'scheduler.amazonaws.com',
    },
  });

  it('matches calls with placement failures on a Batch cluster given as a name or an ARN', () => {
    expect(matches(pattern, buildRunTaskCall({ cluster: `AWSBatch-ce-${UUID}`, failures: memory }))).toBe(true);
    expect(matches(pattern, buildRunTaskCall({ cluster: CLUSTER_ARN(`ce_Batch_${UUID}`), failures: memory }))).toBe(true);
    expect(matches(pattern, buildRunTaskCall({ failures: [{ reason: 'RESOURCE:CPU' }, { reason: 'AGENT' }] }))).toBe(true);
  });

  it('rejects a call that placed its task: the job’s own STARTING event counts the placement', () => {
    expect(matches(pattern, buildRunTaskCall({ cluster: `AWSBatch-ce-${UUID}` }))).toBe(false);
  });

  it('rejects a call that failed outright, with no response', () => {
    expect(matches(pattern, buildRunTaskCall({ errorCode: 'ThrottlingException' }))).toBe(false);
  });

  it('matches a call Batch made on an older cluster given as an ARN, by its caller alone', () => {
    expect(matches(pattern, buildRunTaskCall({ cluster: CLUSTER_ARN(`ce_Batch_${UUID}`), withBatchTags: false, failures: memory }))).toBe(true);
  });

  it('matches a call on a Batch cluster carrying Batch’s tags, whoever the caller', () => {
    expect(matches(pattern, byAnotherCaller(buildRunTaskCall({ cluster: CLUSTER_ARN(`AWSBatch-ce-${UUID}`), failures: memory })))).toBe(true);
  });

  it('rejects calls others make on other clusters, without Batch’s tags', () => {
    expect(matches(pattern, byAnotherCaller(buildRunTaskCall({ cluster: 'default', withBatchTags: false, failures: memory })))).toBe(false);
    expect(matches(pattern, byAnotherCaller(buildRunTaskCall({ cluster: CLUSTER_ARN('etl'), withBatchTags: false, failures: memory })))).toBe(false);
  });
});

describe('the CreateAutoScalingGroup pattern', () => {
  const pattern = eventPatterns[EventFamily.AutoScalingGroupCreationCall];

  it('matches a Batch launch template named directly or in a mixed instances policy', () => {
    expect(matches(pattern, buildCreateAutoScalingGroupCall({ launchTemplateIn: 'launchTemplate' }))).toBe(true);
    expect(matches(pattern, buildCreateAutoScalingGroupCall({ launchTemplateIn: 'mixedInstancesPolicy' }))).toBe(true);
  });

  it('matches a launch template given by id, directly or in a mixed instances policy (the workflow confirms it is Batch’s)', () => {
    expect(matches(pattern, buildCreateAutoScalingGroupCall({ launchTemplateId: 'lt-0abcd1234efgh5678' }))).toBe(true);
    expect(matches(pattern, buildCreateAutoScalingGroupCall({ launchTemplateId: 'lt-0abcd1234efgh5678', launchTemplateIn: 'mixedInstancesPolicy' }))).toBe(true);
  });

  it('rejects groups of other launch templates', () => {
    expect(matches(pattern, buildCreateAutoScalingGroupCall({ launchTemplateName: 'web-lt' }))).toBe(false);
  });

  it('rejects calls that failed', () => {
    expect(matches(pattern, buildCreateAutoScalingGroupCall({ errorCode: 'AlreadyExists' }))).toBe(false);
  });
});

describe('the Batch patterns', () => {
  it('take every job shape and state', () => {
    const pattern = eventPatterns[EventFamily.BatchJobStateChange];
    expect(matches(pattern, buildJobStateChange({ shape: 'eks', status: 'FAILED' }))).toBe(true);
    expect(matches(pattern, buildJobStateChange({ shape: 'fargate', status: 'SUBMITTED' }))).toBe(true);
  });
});
