import {
  buildContainerInstanceRegistrationCall,
  buildCreateAutoScalingGroupCall,
  buildJobQueueBlocked,
  buildRunTaskCall,
  buildTaskStateChange,
} from '@batchmon/event-schemas';
import { metricMessageSchema } from '@batchmon/metrics';
import type { JsonValue } from '@batchmon/emulator';
import { startScenario, type Scenario } from './scenario-kit';

// Story: AWS adds, renames and leaves out fields without notice, and EventBridge delivers to the
// workflows without any validation. For each event family of the placement workflows, every field
// of a full event — envelope and detail, leaves, objects and array entries — is removed, one at a
// time, and the event is sent straight to the deployed state machine. No execution may fail: each
// yields its metric records or a counted skip, and the metrics Lambda accepts every record.

type Path = readonly (string | number)[];

/** Every field path of a JSON document, parents before children. */
function fieldPaths(value: unknown, prefix: Path = []): Path[] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
}

/** A deep copy of `event` without the field at `path` (array entries are spliced out). */
function without(event: object, path: Path): Record<string, unknown> {
  const copy = structuredClone(event) as Record<string, unknown>;
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  const last = path.at(-1);
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (last !== undefined) delete (parent as Record<string, unknown>)[String(last)];
  return copy;
}

const label = (path: Path): string =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');

interface Family {
  /** The deployed state machine (local name). */
  readonly stateMachine: string;
  /** Full events of the family, in their main shapes. */
  readonly events: Readonly<Record<string, object>>;
  /** Events run first, so the full paths are exercised (e.g. the instance is known). */
  readonly before?: readonly object[];
  /** Makes each variant distinct where the workflow deduplicates (e.g. a new task per run). */
  readonly distinct?: (event: Record<string, unknown>, run: number) => Record<string, unknown>;
}

const newTask = (event: Record<string, unknown>, run: number): Record<string, unknown> => {
  const detail = event['detail'];
  if (typeof detail !== 'object' || detail === null || !('taskArn' in detail) || typeof detail.taskArn !== 'string') return event;
  return { ...event, detail: { ...detail, taskArn: `${detail.taskArn}-${run}` } };
};

/** A new event id and CloudTrail eventID per run, where the event has them: the workflow counts each id once. */
const newEventId = (event: Record<string, unknown>, run: number): Record<string, unknown> => {
  const detail = event['detail'];
  const withId = typeof event['id'] === 'string' ? { ...event, id: `${event['id']}-${run}` } : event;
  if (typeof detail !== 'object' || detail === null || !('eventID' in detail)) return withId;
  return { ...withId, detail: { ...detail, eventID: `${String(detail.eventID)}-${run}` } };
};

/** A new group name per run: the workflow counts each group once. */
const newGroup = (event: Record<string, unknown>, run: number): Record<string, unknown> => {
  const detail = event['detail'];
  if (typeof detail !== 'object' || detail === null || !('requestParameters' in detail)) return event;
  const request = detail.requestParameters;
  if (typeof request !== 'object' || request === null || !('autoScalingGroupName' in request)) return event;
  return { ...event, detail: { ...detail, requestParameters: { ...request, autoScalingGroupName: `${String(request.autoScalingGroupName)}-${run}` } } };
};

const FAMILIES: Readonly<Record<string, Family>> = {
  'ECS Task State Change → JobsPlaced': {
    stateMachine: 'JobsPlacedWorkflow',
    events: {
      'an EC2 task': buildTaskStateChange({ lastStatus: 'RUNNING' }),
      'a Fargate task': buildTaskStateChange({ lastStatus: 'RUNNING', launchType: 'FARGATE' }),
    },
    before: [buildContainerInstanceRegistrationCall()],
    distinct: newTask,
  },
  'CloudTrail RunTask → RunTask': {
    stateMachine: 'RunTaskWorkflow',
    events: {
      'a call that placed its task': buildRunTaskCall(),
      'a call with placement failures': buildRunTaskCall({ failures: [{ reason: 'RESOURCE:MEMORY' }, { reason: 'Capacity is unavailable' }] }),
    },
    distinct: newEventId,
  },
  'Batch Job Queue Blocked → QueueBlocked': {
    stateMachine: 'QueueBlockedWorkflow',
    events: { 'a blocked queue': buildJobQueueBlocked() },
    distinct: newEventId,
  },
  'CloudTrail CreateAutoScalingGroup → AsgMonitoring': {
    stateMachine: 'AsgMonitoringWorkflow',
    events: {
      'a group with a launch template': buildCreateAutoScalingGroupCall(),
      'a group with a mixed instances policy': buildCreateAutoScalingGroupCall({ launchTemplateIn: 'mixedInstancesPolicy' }),
    },
    distinct: newGroup,
  },
};

describe.each(Object.entries(FAMILIES))('%s', (_family, family) => {
  let scenario: Scenario & { close(): Promise<void> };
  let runs = 0;

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(...(family.before ?? []));
  });
  afterAll(() => scenario.close());

  const cases = Object.entries(family.events).flatMap(([shape, event]) =>
    fieldPaths(event).map((path) => [shape, label(path), event, path] as const),
  );

  it.each(cases)('%s without %s: succeeds with records or a counted skip', async (_shape, _label, event, path) => {
    runs += 1;
    const input = (family.distinct ?? ((e: Record<string, unknown>) => e))(without(event, path), runs);
    const execution = await scenario.batchmon.pipeline.startExecution(family.stateMachine, input as JsonValue);
    expect({ status: execution.status, error: execution.error, cause: execution.cause }).toEqual({
      status: 'SUCCEEDED',
      error: undefined,
      cause: undefined,
    });
    const output = execution.output as { message?: unknown } | undefined;
    const message = metricMessageSchema.parse(output?.message);
    expect(message.records.length).toBeGreaterThan(0);
    for (const record of message.records.filter((r) => r.metric === 'SkippedEvents')) {
      expect(record.dimensions['Reason']).toEqual(expect.any(String));
    }
  });

  it('has its records accepted by the metrics Lambda', async () => {
    await scenario.batchmon.flush();
    expect(scenario.batchmon.errorLines).toEqual([]);
    expect(scenario.batchmon.summary().deadLetters).toBe(0);
    expect(scenario.batchmon.emfLines.length).toBeGreaterThanOrEqual(cases.length);
  });
});
