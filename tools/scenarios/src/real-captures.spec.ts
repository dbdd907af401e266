import {
  BatchEnvironmentVariable,
  ContainerInstanceAttribute,
  DetailType,
  EventFamily,
  PUBLISHED_EVENTS,
  buildContainerInstanceRegistrationCall,
  buildCreateAutoScalingGroupCall,
  buildRunTaskCall,
  validateEvent,
  type PublishedEvent,
} from '@batchmon/event-schemas';
import {
  missingReason,
  WORKFLOW_NAMES,
} from '@batchmon/correlation';
import { metricMessageSchema, type MetricRecord } from '@batchmon/metrics';
import type { ExecutionResult, JsonValue } from '@batchmon/emulator';
import { startScenario, type Scenario } from './scenario-kit';

// Story: batchmon is checked by replaying real AWS events it has never seen, old and new. Every
// event AWS has published for batchmon's families — the AWS Batch and Amazon ECS documentation
// samples from 2016 on (earlier versions of the guides included) and the 2025 captures published in
// aws-samples/aws-batch-runtime-monitoring — goes through the local pipeline as published, and must
// yield its metrics, never a skip: older events lack fields newer ones carry (no `jobArn` in 2017,
// no AZ or instance type attributes on a 2016 container instance, no `launchType` or AZ on a 2016
// task), newer ones carry other kinds' fields empty (`eksAttempts: []`, `platformCapabilities: []`).
// The ECS samples come from a cluster named `default` running no Batch job; they are put into a
// Batch cluster (the older `<ce>_Batch_<uuid>` name for 2016) and given the environment AWS Batch
// sets on its tasks, every other field as published. CloudTrail records are replayed in the form the
// ECS Developer Guide documented in 2018 (eventVersion 1.04, none of the later `readOnly`,
// `managementEvent`, `eventCategory`), with an ECS agent of that time that registered no placement
// attributes. Then every field of every published event is removed, one at a time: unless the field
// is one its metric needs, the event must still validate and still yield that metric. Last, an event
// that truly lacks what its metric needs is a counted skip naming the field.

/** The metric each family's events must yield. */
const METRIC_OF: Readonly<Partial<Record<EventFamily, string>>> = {
  [EventFamily.BatchJobStateChange]: 'JobStateTransitions',
  [EventFamily.BatchJobQueueBlocked]: 'BlockedJobQueues',
  [EventFamily.EcsTaskStateChange]: 'JobsPlaced',
  [EventFamily.EcsContainerInstanceStateChange]: 'RegisteredVcpus',
};

const CLUSTER_UUID = '6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b';

/** A local batchmon starts by synthesizing the CDK stack: seconds, many more on a loaded machine. */
const START_TIMEOUT_MS = 120_000;
const JOB_ID = '5a1f7c3e-2b4d-4e6f-8a0c-1d3e5f7a9b2c';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const detailOf = (event: unknown): Json => (isObject(event) && isObject(event['detail']) ? event['detail'] : {});

/**
 * The published ECS event in a Batch cluster: its `clusterArn` names a Batch compute environment
 * (in the naming of its year), and its first container override carries the variables AWS Batch
 * sets ("AWS Batch job environment variables"). Nothing else changes.
 */
function inBatchCluster(published: PublishedEvent): unknown {
  const event = structuredClone(published.event);
  if (published.inBatchCluster || !isObject(event)) return event;
  const detail = detailOf(event);
  const clusterArn = String(detail['clusterArn']);
  const name = published.year < 2018 ? `batchmon-ce_Batch_${CLUSTER_UUID}` : `AWSBatch-batchmon-ce-${CLUSTER_UUID}`;
  detail['clusterArn'] = clusterArn.replace(/cluster\/.*$/, `cluster/${name}`);
  const overrides = detail['overrides'];
  const [first] = isObject(overrides) && Array.isArray(overrides['containerOverrides']) ? overrides['containerOverrides'] : [];
  if (isObject(first)) {
    first['environment'] = [
      { name: BatchEnvironmentVariable.JobId, value: JOB_ID },
      { name: BatchEnvironmentVariable.JobQueueName, value: 'batchmon-queue' },
      { name: BatchEnvironmentVariable.ComputeEnvironmentName, value: 'batchmon-ce' },
    ];
  }
  return event;
}

/** The record fields CloudTrail added after the ECS Developer Guide's 2018 sample (eventVersion 1.04). */
const LATER_RECORD_FIELDS = ['readOnly', 'managementEvent', 'eventCategory', 'tlsDetails', 'sessionCredentialFromConsole'];

/** A CloudTrail event as the 2018 documentation shows its record: eventVersion 1.04, no later fields. */
function asRecordOf2018(event: unknown): unknown {
  const copy = structuredClone(event);
  const detail = detailOf(copy);
  detail['eventVersion'] = '1.04';
  for (const field of LATER_RECORD_FIELDS) delete detail[field];
  return copy;
}

const PLACEMENT_ATTRIBUTES: readonly string[] = Object.values(ContainerInstanceAttribute);

/** A registration by an ECS agent that reports none of the placement attributes (as agent 1.13 in 2016). */
function withoutPlacementAttributes(event: unknown): unknown {
  const copy = structuredClone(event);
  const detail = detailOf(copy);
  const strip = (holder: unknown): void => {
    if (isObject(holder) && Array.isArray(holder['attributes'])) {
      holder['attributes'] = holder['attributes'].filter((a: unknown) => !(isObject(a) && PLACEMENT_ATTRIBUTES.includes(String(a['name']))));
    }
  };
  strip(detail['requestParameters']);
  const response = detail['responseElements'];
  strip(isObject(response) ? response['containerInstance'] : undefined);
  return copy;
}

/** The metric records the executions of one ingested event sent. */
function recordsOf(executions: readonly ExecutionResult[]): MetricRecord[] {
  return executions.flatMap((execution) => {
    const output = execution.output;
    return isObject(output) && output['message'] !== undefined ? metricMessageSchema.parse(output['message']).records : [];
  });
}

interface Replayed {
  readonly invalid: boolean;
  readonly unrouted: boolean;
  readonly statuses: readonly string[];
  readonly records: readonly MetricRecord[];
}

/**
 * The records an event yields: those its executions send, and — since ContainerInstanceState
 * sends none of its own but saves the instance's capacity, which the minute levels publish — those
 * a MinuteLevels execution sends when it runs right after a ContainerInstanceState one.
 */
let levelsRuns = 0;
async function yielded(scenario: Scenario, executions: readonly ExecutionResult[]): Promise<MetricRecord[]> {
  const records = recordsOf(executions);
  if (!executions.some((execution) => execution.stateMachine === `${WORKFLOW_NAMES.containerInstanceState}Workflow`)) return records;
  const queue = scenario.batchmon.pipeline.queues.get('MetricsQueue');
  const queued = new Set(queue.messages().map((message) => message.messageId));
  // A minute of its own for each run: the levels of one minute are sent once (FIFO deduplication).
  levelsRuns += 1;
  const time = new Date(Date.UTC(2024, 4, 1, 12, levelsRuns)).toISOString();
  const schedule = { version: '0', id: `levels-${levelsRuns}`, 'detail-type': 'Scheduled Event', source: 'aws.events', time, detail: {} };
  const levels = await scenario.batchmon.pipeline.startExecution(`${WORKFLOW_NAMES.minuteLevels}Workflow`, schedule);
  if (levels.status !== 'SUCCEEDED') throw new Error(`${WORKFLOW_NAMES.minuteLevels}: expected to succeed, found ${levels.status}: ${levels.error ?? ''} ${levels.cause ?? ''}`);
  const sent = queue.messages().filter((message) => !queued.has(message.messageId));
  return [...records, ...sent.flatMap((message) => metricMessageSchema.parse(JSON.parse(message.body)).records)];
}

async function replay(scenario: Scenario, event: unknown): Promise<Replayed> {
  const result = await scenario.batchmon.ingest(event);
  if (result.kind === 'invalid') return { invalid: true, unrouted: false, statuses: [], records: [] };
  const { executions, unrouted } = result.result;
  return { invalid: false, unrouted, statuses: executions.map((e) => e.status), records: await yielded(scenario, executions) };
}

const metricsOf = (records: readonly MetricRecord[]): string[] => [...new Set(records.map((r) => r.metric))];

/**
 * Whether the event is a task on a container instance: its rule drops it, because the job's own
 * events name the task and JobStates places it. JobsPlaced still places it when the event is handed
 * over (a redrive of an event from before the rule was narrowed), and that is checked instead.
 */
const leftToJobStates = (event: unknown): boolean =>
  isObject(event) && event['detail-type'] === DetailType.EcsTaskStateChange && typeof detailOf(event)['containerInstanceArn'] === 'string';

/** The event started directly in JobsPlaced, as `infra:redrive` sends one back. */
async function handOver(scenario: Scenario, event: unknown): Promise<Replayed> {
  const execution = await scenario.batchmon.pipeline.startExecution(`${WORKFLOW_NAMES.jobsPlaced}Workflow`, event as JsonValue);
  return { invalid: false, unrouted: false, statuses: [execution.status], records: recordsOf([execution]) };
}

function publishedNamed(name: string): PublishedEvent {
  const published = PUBLISHED_EVENTS.find((p) => p.name === name);
  if (published === undefined) throw new Error(`PUBLISHED_EVENTS: expected an event named "${name}", found none`);
  return published;
}

describe.each(PUBLISHED_EVENTS.map((published) => [published.name, published] as const))('the published %s', (_name, published) => {
  let scenario: Scenario & { close(): Promise<void> };
  let routed: Replayed;
  let replayed: Replayed;
  const event = inBatchCluster(published);

  beforeAll(async () => {
    scenario = await startScenario();
    routed = await replay(scenario, event);
    replayed = leftToJobStates(event) ? await handOver(scenario, event) : routed;
    await scenario.batchmon.flush();
  }, START_TIMEOUT_MS);
  afterAll(() => scenario.close());

  it('is valid and routed to its workflow (a task on an instance: dropped at the rule, placed when handed over), which succeeds', () => {
    expect(routed).toMatchObject({ invalid: false, unrouted: leftToJobStates(event) });
    expect(replayed.statuses.length).toBeGreaterThan(0);
    expect(replayed.statuses.every((status) => status === 'SUCCEEDED')).toBe(true);
  });

  it('yields its family’s metric and no skip', () => {
    expect(metricsOf(replayed.records)).toContain(METRIC_OF[published.family]);
    expect(replayed.records.filter((r) => r.metric === 'SkippedEvents')).toEqual([]);
  });

  it('has its records accepted by the metrics Lambda', () => {
    expect(scenario.batchmon.errorLines).toEqual([]);
    expect(scenario.batchmon.summary().deadLetters).toBe(0);
    expect(scenario.batchmon.emfLines.length).toBeGreaterThan(0);
  });
});

describe('the kinds of the published jobs', () => {
  const dimensionsOf = async (name: string): Promise<Record<string, string> | undefined> => {
    const scenario = await startScenario();
    try {
      const { records } = await replay(scenario, publishedNamed(name).event);
      return records.find((r) => r.metric === 'JobStateTransitions')?.dimensions;
    } finally {
      await scenario.close();
    }
  };

  it('counts a 2025 job defined with ECS properties, eksAttempts: [], on EC2', async () => {
    expect(await dimensionsOf('Batch RUNNING job defined with ECS properties, 2025 capture')).toMatchObject({ LaunchType: 'EC2' });
  }, START_TIMEOUT_MS);

  it('counts a 2025 multi-node main node, platformCapabilities: [], on EC2 as the main node', async () => {
    expect(await dimensionsOf('Batch multi-node main node RUNNING, 2025 capture')).toMatchObject({ LaunchType: 'EC2', NodeRole: 'main' });
  }, START_TIMEOUT_MS);

  it('counts a 2025 multi-node child node on EC2 as a child node', async () => {
    expect(await dimensionsOf('Batch multi-node child node FAILED, 2025 capture')).toMatchObject({ LaunchType: 'EC2', NodeRole: 'child' });
  }, START_TIMEOUT_MS);

  it('counts the 2017 job, which names no platform, on EC2', async () => {
    expect(await dimensionsOf('Batch RUNNABLE job, 2017 documentation sample')).toMatchObject({ LaunchType: 'EC2', State: 'RUNNABLE' });
  }, START_TIMEOUT_MS);
});

describe('the task a published 2025 job event names', () => {
  it('is counted placed by JobStates, in the compute environment of the task’s cluster, once however often it is delivered', async () => {
    const scenario = await startScenario();
    try {
      const published = publishedNamed('Batch RUNNING job defined with ECS properties, 2025 capture').event;
      const first = await replay(scenario, published);
      const again = await replay(scenario, { ...(published as Json), id: 'another-delivery' });
      expect(first.records.filter((r) => r.metric === 'JobsPlaced').map((r) => r.dimensions)).toEqual([
        { ComputeEnvironment: 'AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941', JobQueue: expect.stringContaining('job-queue/batch-job-queue-dev'), LaunchType: 'EC2', AvailabilityZone: 'unknown', InstanceType: 'unknown' },
      ]);
      expect(again.records.filter((r) => r.metric === 'JobsPlaced')).toEqual([]);
    } finally {
      await scenario.close();
    }
  }, START_TIMEOUT_MS);
});

describe('a 2016 task on the 2016 container instance', () => {
  const find = publishedNamed;
  let scenario: Scenario & { close(): Promise<void> };
  let placed: Replayed;

  beforeAll(async () => {
    scenario = await startScenario();
    await replay(scenario, inBatchCluster(find('ECS container instance, 2016 documentation sample')));
    placed = await handOver(scenario, inBatchCluster(find('ECS task on EC2, 2016 documentation sample')));
  }, START_TIMEOUT_MS);
  afterAll(() => scenario.close());

  it('places the job on EC2 although the task names no launch type', () => {
    expect(placed.records.find((r) => r.metric === 'JobsPlaced')?.dimensions).toMatchObject({ LaunchType: 'EC2' });
  });

  it('finds the instance, which reported no AZ or instance type, and says so', () => {
    expect(placed.records.find((r) => r.metric === 'JobsPlaced')?.dimensions).toMatchObject({
      AvailabilityZone: 'unknown',
      InstanceType: 'unknown',
    });
    expect(placed.records.filter((r) => r.metric === 'UncorrelatedEvents')).toEqual([]);
  });
});

describe('CloudTrail records in their 2018 documented form', () => {
  let scenario: Scenario & { close(): Promise<void> };
  beforeAll(async () => {
    scenario = await startScenario();
  }, START_TIMEOUT_MS);
  afterAll(() => scenario.close());

  const cases: readonly (readonly [string, string, unknown])[] = [
    [
      'a RegisterContainerInstance by an agent that reports no placement attributes',
      'InstanceRegistrations',
      asRecordOf2018(withoutPlacementAttributes(buildContainerInstanceRegistrationCall())),
    ],
    [
      'a DeregisterContainerInstance',
      'InstanceDeregistrations',
      asRecordOf2018(buildContainerInstanceRegistrationCall({ eventName: 'DeregisterContainerInstance' })),
    ],
    // Only a call that could not place its task reaches the workflow (JobStates counts the others).
    [
      'a RunTask that placed nothing',
      'FailedRunTaskCalls, PlacementFailures',
      asRecordOf2018(buildRunTaskCall({ failures: [{ reason: 'RESOURCE:MEMORY' }] })),
    ],
    ['a CreateAutoScalingGroup', 'AutoScalingGroupsMonitored', asRecordOf2018(buildCreateAutoScalingGroupCall())],
  ];

  it.each(cases)('%s yields %s', async (_what, metrics, event) => {
    const replayed = await replay(scenario, event);
    expect(replayed).toMatchObject({ invalid: false, unrouted: false });
    expect(replayed.statuses).toEqual(['SUCCEEDED']);
    expect(metricsOf(replayed.records)).toEqual(metrics.split(', '));
  });

  it('records the registration in an unknown AZ and instance type rather than skipping it', async () => {
    const fresh = await startScenario();
    try {
      const { records } = await replay(fresh, asRecordOf2018(withoutPlacementAttributes(buildContainerInstanceRegistrationCall())));
      expect(records[0]?.dimensions).toMatchObject({ AvailabilityZone: 'unknown', InstanceType: 'unknown', ComputeEnvironment: 'batchmon-ce' });
    } finally {
      await fresh.close();
    }
  }, START_TIMEOUT_MS);
});

describe('an event that truly lacks what its metric needs', () => {
  let scenario: Scenario & { close(): Promise<void> };
  beforeAll(async () => {
    scenario = await startScenario();
  }, START_TIMEOUT_MS);
  afterAll(() => scenario.close());

  const runnable2017 = publishedNamed('Batch RUNNABLE job, 2017 documentation sample').event;
  const instance2016 = inBatchCluster(publishedNamed('ECS container instance, 2016 documentation sample'));
  const without = (event: unknown, field: string): JsonValue => {
    const copy = structuredClone(event) as JsonValue;
    delete detailOf(copy)[field];
    return copy;
  };

  it('is counted as invalid with its field path when replayed', async () => {
    const before = scenario.batchmon.summary().skipped['invalid:detail.jobQueue'] ?? 0;
    const replayed = await replay(scenario, without(runnable2017, 'jobQueue'));
    expect(replayed.invalid).toBe(true);
    expect(scenario.batchmon.summary().skipped['invalid:detail.jobQueue']).toBe(before + 1);
  });

  it.each([
    [WORKFLOW_NAMES.jobStates, () => without(runnable2017, 'jobQueue'), '$.detail.jobQueue'],
    [WORKFLOW_NAMES.containerInstanceState, () => without(instance2016, 'containerInstanceArn'), '$.detail.containerInstanceArn'],
  ] as const)('is a counted skip of %s naming the field when delivered without validation', async (workflow, input, path) => {
    const execution = await scenario.batchmon.pipeline.startExecution(`${workflow}Workflow`, input());
    expect(execution.status).toBe('SUCCEEDED');
    const records = recordsOf([execution]);
    expect(records.map((r) => [r.metric, r.dimensions['Reason']])).toEqual([
      ['SkippedEvents', missingReason({ path, label: path })],
    ]);
  });
});

/**
 * What each family's metric needs, as dotted paths: the envelope that makes it an EventBridge event
 * of the family (`id`, `source`, `detail-type`, `time`) and the detail fields the workflow cannot do
 * without. Removing one of these (or a parent) may skip the event; removing anything else may not.
 */
const NEEDED: Readonly<Partial<Record<EventFamily, { readonly workflow: string; readonly paths: readonly string[] }>>> = {
  [EventFamily.BatchJobStateChange]: {
    workflow: WORKFLOW_NAMES.jobStates,
    paths: ['detail.jobId', 'detail.status', 'detail.jobQueue', 'detail.jobDefinition'],
  },
  [EventFamily.BatchJobQueueBlocked]: { workflow: WORKFLOW_NAMES.queueBlocked, paths: ['detail.jobQueue', 'detail.statusReason'] },
  [EventFamily.EcsTaskStateChange]: {
    workflow: WORKFLOW_NAMES.jobsPlaced,
    // The cluster (the rule matches on it), the task (counted once), the Batch job id (the first
    // environment entry once in a Batch cluster) and where the task is: its container instance, or
    // for a Fargate task its Availability Zone.
    paths: [
      'detail.clusterArn',
      'detail.taskArn',
      'detail.overrides.containerOverrides.0.environment.0.name',
      'detail.overrides.containerOverrides.0.environment.0.value',
      'detail.containerInstanceArn',
      'detail.availabilityZone',
    ],
  },
  [EventFamily.EcsContainerInstanceStateChange]: {
    workflow: WORKFLOW_NAMES.containerInstanceState,
    paths: ['detail.clusterArn', 'detail.containerInstanceArn', 'detail.status'],
  },
  [EventFamily.EcsContainerInstanceRegistrationCall]: {
    workflow: WORKFLOW_NAMES.instanceRegistration,
    paths: [
      'detail.eventSource',
      'detail.eventName',
      'detail.requestParameters.cluster',
      'detail.responseElements.containerInstance.containerInstanceArn',
    ],
  },
  [EventFamily.EcsRunTaskCall]: {
    workflow: WORKFLOW_NAMES.runTask,
    paths: ['detail.eventSource', 'detail.eventName', 'detail.requestParameters.cluster'],
  },
  [EventFamily.AutoScalingGroupCreationCall]: {
    workflow: WORKFLOW_NAMES.asgMonitoring,
    // Without the launch template's name the group is looked up (DescribeAutoScalingGroups), and
    // the local Auto Scaling knows no group: a counted `group-not-found` skip.
    paths: ['detail.eventSource', 'detail.eventName', 'detail.requestParameters.autoScalingGroupName', 'detail.requestParameters.launchTemplate.launchTemplateName'],
  },
};
const ENVELOPE = ['id', 'source', 'detail-type', 'time'];

type Path = readonly (string | number)[];

/** Every field path of a JSON document, parents before children. */
function fieldPaths(value: unknown, prefix: Path = []): Path[] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : isObject(value)
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
}

/** A deep copy of `event` without the field at `path` (array entries are spliced out). */
function withoutPath(event: unknown, path: Path): JsonValue {
  const copy = structuredClone(event) as JsonValue;
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  const last = path.at(-1);
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isObject(parent) && last !== undefined) delete parent[String(last)];
  return copy;
}

/** A new job, task, instance or event id per run, where the event has one: each workflow counts each once. */
function distinct(event: JsonValue, run: number): JsonValue {
  if (!isObject(event)) return event;
  const renew = (holder: unknown, keys: readonly string[]): void => {
    if (!isObject(holder)) return;
    for (const key of keys) if (typeof holder[key] === 'string') holder[key] = `${String(holder[key])}-${run}`;
  };
  const detail = detailOf(event);
  renew(event, ['id']);
  renew(detail, ['jobId', 'taskArn', 'containerInstanceArn', 'eventID']);
  renew(detail['requestParameters'], ['autoScalingGroupName']);
  const response = detail['responseElements'];
  renew(isObject(response) ? response['containerInstance'] : undefined, ['containerInstanceArn']);
  return event;
}

describe('every field of every published event and 2018-form CloudTrail record, removed one at a time', () => {
  let scenario: Scenario & { close(): Promise<void> };
  let runs = 0;
  beforeAll(async () => {
    scenario = await startScenario();
  }, START_TIMEOUT_MS);
  afterAll(() => scenario.close());

  const subjects: readonly { readonly name: string; readonly family: EventFamily; readonly metric?: string; readonly event: unknown }[] = [
    ...PUBLISHED_EVENTS.map((published) => ({
      name: `the published ${published.name}`,
      family: published.family,
      metric: METRIC_OF[published.family],
      event: inBatchCluster(published),
    })),
    {
      name: 'a 2018-form RegisterContainerInstance',
      family: EventFamily.EcsContainerInstanceRegistrationCall,
      metric: 'InstanceRegistrations',
      event: asRecordOf2018(buildContainerInstanceRegistrationCall()),
    },
    {
      name: 'a 2018-form DeregisterContainerInstance',
      family: EventFamily.EcsContainerInstanceRegistrationCall,
      metric: 'InstanceDeregistrations',
      event: asRecordOf2018(buildContainerInstanceRegistrationCall({ eventName: 'DeregisterContainerInstance' })),
    },
    {
      name: 'a 2018-form RunTask that placed nothing',
      family: EventFamily.EcsRunTaskCall,
      metric: 'FailedRunTaskCalls',
      event: asRecordOf2018(buildRunTaskCall({ failures: [{ reason: 'RESOURCE:MEMORY' }] })),
    },
    {
      name: 'a 2018-form CreateAutoScalingGroup',
      family: EventFamily.AutoScalingGroupCreationCall,
      metric: 'AutoScalingGroupsMonitored',
      event: asRecordOf2018(buildCreateAutoScalingGroupCall()),
    },
  ];
  const cases = subjects.flatMap(({ name, family, metric, event }) =>
    fieldPaths(event).map((path) => [name, path.join('.'), family, metric, event, path] as const),
  );

  it.each(cases)('%s without %s', async (_name, removed, family, metric, event, path) => {
    const needs = NEEDED[family];
    if (needs === undefined || metric === undefined) throw new Error(`NEEDED: expected the needs and metric of ${family}, found none`);
    const needed = [...ENVELOPE, ...needs.paths].some((p) => p === removed || p.startsWith(`${removed}.`));
    const input = distinct(withoutPath(event, path), (runs += 1));

    const validation = validateEvent(input);
    const execution = await scenario.batchmon.pipeline.startExecution(`${needs.workflow}Workflow`, input);
    expect(execution.status).toBe('SUCCEEDED');
    const records = await yielded(scenario, [execution]);
    expect(records.length).toBeGreaterThan(0);
    if (needed) return;
    expect(validation.ok ? [] : validation.issues).toEqual([]);
    expect(records.filter((r) => r.metric === 'SkippedEvents')).toEqual([]);
    expect(metricsOf(records)).toContain(metric);
  });

  it('has its records accepted by the metrics Lambda', async () => {
    await scenario.batchmon.flush();
    expect(scenario.batchmon.errorLines).toEqual([]);
    expect(scenario.batchmon.summary().deadLetters).toBe(0);
  });
});
