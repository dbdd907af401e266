import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  SAMPLE_RESOURCES,
  buildContainerInstanceRegistrationCall,
  buildJobStateChange,
  buildTaskStateChange,
  type JobStateChange,
  type JobStatus,
  type TaskStateChange,
} from '@batchmon/event-schemas';
import {
  DEFAULT_PLACEMENT_INSTANCE_WAIT,
  DUPLICATE_TRANSITION,
  INSTANCE_NOT_REGISTERED,
  JobsPlacedSkip,
  STATE_REENTERED,
} from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: an m5.xlarge instance of compute environment "batchmon-ce" registers in us-east-1b. A job
// of queue "batchmon-queue" starts on it: Batch reports it STARTING and RUNNING (delivered twice),
// naming its ECS task, and ECS reports the task PROVISIONING → PENDING → RUNNING → STOPPED. The job
// is retried: its second attempt is a new task, STARTING then RUNNING, after which the first
// attempt's STOPPED arrives once more, late (EventBridge does not order events). Meanwhile a Fargate
// job's task starts. Each task is counted once, where it was placed: the EC2 tasks by JobStates from
// the job's events, which name them, the Fargate task by JobsPlaced from its own event. The EC2
// tasks' own events never start an execution (the rule lets through only tasks on no container
// instance, starting or running: the events that can show such a task placed first).

const time = (second: number): string => new Date(Date.UTC(2024, 4, 1, 12, 0, second)).toISOString();
const withTaskArn = (event: TaskStateChange, taskArn: string): TaskStateChange => ({ ...event, detail: { ...event.detail, taskArn } });
const firstTask = (lastStatus: string, second: number): TaskStateChange => buildTaskStateChange({ lastStatus, time: time(second) });
const FIRST_TASK = firstTask('RUNNING', 0).detail.taskArn;
// The retry attempt runs in a new ECS task.
const RETRY_TASK = FIRST_TASK.replace(SAMPLE_RESOURCES.taskId, 'a2b1c3d4e5f60718293a4b5c6d7e8f90');
/** The job's state change naming `taskArn` on the sample instance, in attempt `attempt` (0 first). */
const jobIn = (status: JobStatus, taskArn: string, attempt: number, second: number): JobStateChange => {
  const event = buildJobStateChange({ status, time: time(second) });
  const finished = { container: { containerInstanceArn: event.detail.container?.containerInstanceArn ?? '', taskArn: FIRST_TASK, exitCode: 1 } };
  return { ...event, detail: { ...event.detail, container: { ...event.detail.container, taskArn }, attempts: attempt === 0 ? [] : [finished] } };
};

describe('the tasks of a retried EC2 job and of a Fargate job', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(
      buildContainerInstanceRegistrationCall({ availabilityZone: 'us-east-1b', instanceType: 'm5.xlarge', time: time(0) }),
      firstTask('PROVISIONING', 10),
      firstTask('PENDING', 11),
      jobIn('STARTING', FIRST_TASK, 0, 12),
      firstTask('RUNNING', 13),
      jobIn('RUNNING', FIRST_TASK, 0, 14),
      jobIn('RUNNING', FIRST_TASK, 0, 14),
      firstTask('STOPPED', 20),
      withTaskArn(buildTaskStateChange({ lastStatus: 'RUNNING', time: time(30) }), RETRY_TASK),
      jobIn('STARTING', RETRY_TASK, 1, 31),
      jobIn('RUNNING', RETRY_TASK, 1, 33),
      firstTask('STOPPED', 20),
      buildTaskStateChange({ launchType: 'FARGATE', jobId: 'fargate-job', availabilityZone: 'us-east-1c', time: time(40) }),
    );
  });
  afterAll(() => scenario.close());

  const placed = () => scenario.recordsOf('JobsPlaced');

  it('counts each task once: the first attempt, its retry and the Fargate task', () => {
    expect(placed()).toHaveLength(3);
    for (const record of placed()) expect(record.metrics).toEqual([{ name: 'JobsPlaced', unit: 'Count', value: 1 }]);
  });

  it('places the EC2 tasks by the instance’s AZ and type, the compute environment and the queue', () => {
    for (const record of placed().slice(0, 2)) {
      expect(record.dimensions).toEqual({
        AvailabilityZone: 'us-east-1b',
        InstanceType: 'm5.xlarge',
        ComputeEnvironment: 'batchmon-ce',
        JobQueue: 'batchmon-queue',
        LaunchType: 'EC2',
      });
    }
  });

  it('counts the Fargate task by AZ and launch type, without an instance type', () => {
    const fargate = placed()[2];
    expect(fargate?.dimensions).toEqual({
      AvailabilityZone: 'us-east-1c',
      ComputeEnvironment: 'batchmon-ce',
      JobQueue: 'batchmon-queue',
      LaunchType: 'FARGATE',
    });
    expect(fargate?.dimensionSets).toContainEqual(['LaunchType', 'AvailabilityZone']);
  });

  it('stamps each record with the time of the first event that named the task placed: the job’s STARTING, the Fargate task’s event', () => {
    expect(placed().map((r) => r.timestamp)).toEqual([time(12), time(31), time(40)].map((t) => Date.parse(t)));
  });

  it('counts the job’s later events and repeated deliveries as transitions or skips, never as a second placement', () => {
    expect(scenario.batchmon.summary()).toMatchObject({
      skipped: { [DUPLICATE_TRANSITION]: 1, [STATE_REENTERED]: 2 },
      uncorrelated: {},
      failedExecutions: 0,
    });
  });

  it('starts no execution for the EC2 task’s own events, nor for the STOPPED events', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ unrouted: 6, executions: 7 });
  });

  it('remembers on the job item every task placed for it', async () => {
    const { Item } = await scenario.batchmon.pipeline.dynamo.send(
      new GetItemCommand({
        TableName: scenario.batchmon.pipeline.template.table('JobsTable').tableName,
        Key: { jobId: { S: SAMPLE_RESOURCES.jobId } },
      }),
    );
    // One attribute per task, named after the task's id (the last part of its ARN), holding the
    // name of the execution that counted it.
    const taskAttribute = (taskArn: string): string => `task#${taskArn.split('/').at(-1) ?? ''}`;
    const tasks = Object.keys(Item ?? {}).filter((name) => name.startsWith('task#'));
    expect(tasks.sort()).toEqual([taskAttribute(FIRST_TASK), taskAttribute(RETRY_TASK)].sort());
    for (const task of tasks) expect(Item?.[task]?.S).toMatch(/^\S+$/);
    expect(Item?.['expiresAt']?.N).toMatch(/^\d+$/);
  });
});

describe('an EC2 task whose own event reaches JobsPlaced too', () => {
  // A task event from before the rule was narrowed, sent back by a redrive: JobsPlaced still places
  // it, on the attribute JobStates marks, so whichever workflow comes first counts the task.
  it.each([
    ['the task’s event first', 'task'],
    ['the job’s event first', 'job'],
  ] as const)('is counted once, %s', async (_order, first) => {
    const scenario = await startScenario();
    try {
      await scenario.run(buildContainerInstanceRegistrationCall({ time: time(0) }));
      const task = (): Promise<unknown> => scenario.batchmon.pipeline.startExecution('JobsPlacedWorkflow', firstTask('PENDING', 11) as never);
      const job = (): Promise<unknown> => scenario.batchmon.ingest(jobIn('STARTING', FIRST_TASK, 0, 12));
      if (first === 'task') await task().then(job);
      else await job().then(task);
      await scenario.batchmon.flush();
      expect(scenario.recordsOf('JobsPlaced')).toHaveLength(1);
      expect(scenario.batchmon.summary().skipped).toEqual(first === 'job' ? { [JobsPlacedSkip.DuplicateTask]: 1 } : {});
    } finally {
      await scenario.close();
    }
  });
});

describe('a task event on a container instance batchmon never saw register, given to JobsPlaced', () => {
  let scenario: Scenario & { close(): Promise<void> };

  // The rule drops it (the job's events place such a task); a redrive can still hand it over.
  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.batchmon.pipeline.startExecution('JobsPlacedWorkflow', buildTaskStateChange({ lastStatus: 'PENDING', availabilityZone: 'us-east-1a' }) as never);
    await scenario.batchmon.flush();
  });
  afterAll(() => scenario.close());

  it('is counted in the AZ its event gives, with an unknown instance type', () => {
    const [record] = scenario.recordsOf('JobsPlaced');
    expect(record?.dimensions).toMatchObject({ AvailabilityZone: 'us-east-1a', InstanceType: 'unknown', LaunchType: 'EC2' });
  });

  it('is counted as uncorrelated, after a short bounded wait', () => {
    expect(scenario.batchmon.summary().uncorrelated).toEqual({ [INSTANCE_NOT_REGISTERED]: 1 });
    const [uncorrelated] = scenario.recordsOf('UncorrelatedEvents');
    expect(uncorrelated?.dimensions).toEqual({ Workflow: 'JobsPlaced', Reason: INSTANCE_NOT_REGISTERED });
  });

  it('looks the instance up a bounded number of times', async () => {
    const execution = await scenario.batchmon.pipeline.startExecution(
      'JobsPlacedWorkflow',
      withTaskArn(buildTaskStateChange({ lastStatus: 'PENDING' }), 'another-task') as never,
    );
    expect(execution.visitedStates.filter((s) => s === 'Look up the instance')).toHaveLength(DEFAULT_PLACEMENT_INSTANCE_WAIT.retries + 1);
    expect(execution.simulatedDurationSeconds).toBeLessThanOrEqual(
      DEFAULT_PLACEMENT_INSTANCE_WAIT.retries * DEFAULT_PLACEMENT_INSTANCE_WAIT.intervalSeconds + 2,
    );
  });
});

describe('task events that place no job', () => {
  let scenario: Scenario & { close(): Promise<void> };

  const withoutJobId = (): TaskStateChange => {
    const event = buildTaskStateChange();
    const environment = [{ name: 'AWS_BATCH_JQ_NAME', value: 'batchmon-queue' }];
    return { ...event, detail: { ...event.detail, overrides: { containerOverrides: [{ name: 'default', environment }] } } };
  };
  const fargateNotPlacedYet = (): TaskStateChange => {
    const event = buildTaskStateChange({ launchType: 'FARGATE', lastStatus: 'PROVISIONING' });
    const { availabilityZone, ...detail } = event.detail;
    return { ...event, detail };
  };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(withoutJobId(), fargateNotPlacedYet());
  });
  afterAll(() => scenario.close());

  it('count nothing placed', () => {
    expect(scenario.recordsOf('JobsPlaced')).toEqual([]);
  });

  it('drops the task without a Batch job id at the rule and skips the one not placed yet with its reason', () => {
    expect(scenario.batchmon.summary()).toMatchObject({
      unrouted: 1,
      executions: 1,
      skipped: { [JobsPlacedSkip.NotPlaced]: 1 },
      failedExecutions: 0,
    });
  });

  it('skips a task without a Batch job id that reaches the workflow anyway, with its reason', async () => {
    const direct = await startScenario();
    try {
      const execution = await direct.batchmon.pipeline.startExecution('JobsPlacedWorkflow', withoutJobId() as never);
      await direct.batchmon.flush();
      expect(execution.status).toBe('SUCCEEDED');
      expect(direct.batchmon.summary().skipped).toEqual({ [JobsPlacedSkip.NoBatchJobId]: 1 });
    } finally {
      await direct.close();
    }
  });
});

describe('a task of an ECS cluster Batch does not manage', () => {
  it('starts no execution', async () => {
    const scenario = await startScenario();
    try {
      const task = buildTaskStateChange({ clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/web-prod' });
      // Another team's web service: its container sets its own variables, not Batch's.
      await scenario.run({ ...task, detail: { ...task.detail, overrides: { containerOverrides: [{ name: 'web', environment: [{ name: 'PORT', value: '8080' }] }] } } });
      expect(scenario.batchmon.summary()).toMatchObject({ unrouted: 1, executions: 0 });
    } finally {
      await scenario.close();
    }
  });
});
