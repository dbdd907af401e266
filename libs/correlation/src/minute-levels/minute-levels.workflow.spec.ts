import type { Branch, ChoiceState, State } from '../asl/asl';
import { CONDITIONAL_CHECK_FAILED, integrationArn } from '../asl/integrations';
import { INSTANCES_TABLE, JOBS_TABLE } from '../instances/instance-item';
import { CAPACITY_LEVELS_BOUNDS, CapacityLevelsSkip } from './capacity-levels';
import { JOB_COUNTS_BOUNDS, JobCountsSkip } from './job-counts';
import { MINUTE_LEVEL_BRANCHES, MINUTE_LEVELS_SCHEDULE, minuteLevelsWorkflow } from './minute-levels.workflow';
import { WORKFLOW_NAMES } from '../workflow-names';

const resources = { instancesTable: 'Instances', jobsTable: 'Jobs', configurationTable: 'Configuration', evidenceTable: 'Evidence', metricsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/metrics.fifo', partition: 'aws' };
const definition = minuteLevelsWorkflow(resources);

/** The Parallel state's branches: one per family of levels. */
function branches(): readonly Branch[] {
  const parallel = Object.values(definition.States).find((state) => state.Type === 'Parallel');
  if (parallel?.Type !== 'Parallel') throw new Error('MinuteLevels: expected a Parallel state, found none');
  return parallel.Branches;
}

/** Every state of the capacity branch, those of its Map included. */
function capacityStates(): [string, State][] {
  const [capacity] = branches();
  if (capacity === undefined) throw new Error('MinuteLevels: expected the capacity branch, found none');
  return Object.entries(capacity.States).flatMap(([name, state]): [string, State][] => [[name, state], ...(state.Type === 'Map' ? Object.entries(state.ItemProcessor.States) : [])]);
}

/** Every state of the job counts branch. */
function jobCountStates(): [string, State][] {
  const [, jobCounts] = branches();
  if (jobCounts === undefined) throw new Error('MinuteLevels: expected the job counts branch, found none');
  return Object.entries(jobCounts.States);
}

describe('the MinuteLevels workflow', () => {
  it('runs once a minute', () => {
    expect(MINUTE_LEVELS_SCHEDULE).toBe('rate(1 minute)');
  });

  it('publishes each family of levels in a branch of its own, so that another family joins as a branch', () => {
    expect(branches()).toHaveLength(MINUTE_LEVEL_BRANCHES.length);
  });

  it('reads the instances table by Scan alone, projected to what the sum reads, never Query nor any Describe or List call', () => {
    const resourcesUsed = capacityStates().flatMap(([, state]) => (state.Type === 'Task' ? [state.Resource] : []));
    expect(new Set(resourcesUsed)).toEqual(new Set([integrationArn('aws', 'scan'), integrationArn('aws', 'sendMessage')]));
    const scans = capacityStates().flatMap(([, state]) => (state.Type === 'Task' && state.Resource === integrationArn('aws', 'scan') ? [state] : []));
    for (const scan of scans) {
      expect(scan.Parameters).toMatchObject({ TableName: resources.instancesTable, Limit: CAPACITY_LEVELS_BOUNDS.itemsPerPage });
      expect(JSON.stringify(scan.Parameters)).toContain(INSTANCES_TABLE.capacityAttribute);
    }
  });

  it('bounds its pages: past the last page it allows, it skips the minute and counts why', () => {
    const [, choice] = capacityStates().find(([name]) => name === 'Is there another page of instances?') ?? [];
    expect(choice?.Type).toBe('Choice');
    const json = JSON.stringify((choice as ChoiceState).Choices);
    expect(json).toContain(`"NumericLessThan":${CAPACITY_LEVELS_BOUNDS.pages}`);
    expect(JSON.stringify(capacityStates())).toContain(CapacityLevelsSkip.TooManyInstances);
  });

  it('bounds the compute environments it sends levels for by the Batch quota', () => {
    expect(JSON.stringify(capacityStates())).toContain(`"NumericGreaterThan":${CAPACITY_LEVELS_BOUNDS.computeEnvironments}`);
    expect(JSON.stringify(capacityStates())).toContain(CapacityLevelsSkip.TooManyComputeEnvironments);
    const map = capacityStates().find(([, state]) => state.Type === 'Map')?.[1];
    expect(map).toMatchObject({ Type: 'Map', MaxConcurrency: expect.any(Number) });
  });

  it('deduplicates each send by the workflow, the minute and a hash of the compute environment, within 128 characters', () => {
    const sends = capacityStates().flatMap(([, state]) => (state.Type === 'Task' && state.Resource === integrationArn('aws', 'sendMessage') ? [state] : []));
    const perComputeEnvironment = sends.find((send) => JSON.stringify(send.Parameters).includes('$.deduplicationId'));
    expect(perComputeEnvironment?.Parameters).toMatchObject({ 'MessageDeduplicationId.$': '$.deduplicationId', 'MessageGroupId.$': '$.deduplicationId' });
    const naming = JSON.stringify(capacityStates());
    expect(naming).toContain(`States.Format('${WORKFLOW_NAMES.minuteLevels}#{}#{}', $.minute, States.Hash($.computeEnvironment, 'SHA-1'))`);
    // The workflow's name, '#', 16 characters of minute, '#', 40 hex digits of SHA-1.
    expect(WORKFLOW_NAMES.minuteLevels.length + 1 + 16 + 1 + 40).toBeLessThanOrEqual(128);
  });

  it('counts the jobs from the live index of the jobs table alone, projected to the job id, the state set, the queue and the expiry, never the table itself', () => {
    const tasks = jobCountStates().flatMap(([, state]) => (state.Type === 'Task' ? [state] : []));
    expect(new Set(tasks.map((task) => task.Resource))).toEqual(new Set([integrationArn('aws', 'scan'), integrationArn('aws', 'sendMessage')]));
    const scans = tasks.filter((task) => task.Resource === integrationArn('aws', 'scan'));
    expect(scans).toHaveLength(2);
    for (const scan of scans) {
      expect(scan.Parameters).toMatchObject({
        TableName: resources.jobsTable,
        IndexName: JOBS_TABLE.liveIndex,
        Limit: JOB_COUNTS_BOUNDS.itemsPerPage,
        ExpressionAttributeNames: {
          '#id': JOBS_TABLE.partitionKey,
          '#live': JOBS_TABLE.liveAttribute,
          '#states': JOBS_TABLE.stateSetAttribute,
          '#expiresAt': JOBS_TABLE.timeToLiveAttribute,
        },
      });
    }
  });

  it('takes the jobs an older event put back after their end out of the live index, conditionally, ten at a time', () => {
    const map = jobCountStates().find(([, state]) => state.Type === 'Map')?.[1];
    if (map?.Type !== 'Map') throw new Error('job counts: expected a Map state, found none');
    expect(map).toMatchObject({ ItemsPath: '$.ended', MaxConcurrency: 10, ResultPath: null });
    const writes = Object.values(map.ItemProcessor.States).flatMap((state) => (state.Type === 'Task' ? [state] : []));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      Resource: integrationArn('aws', 'updateItem'),
      Parameters: {
        TableName: resources.jobsTable,
        UpdateExpression: 'SET #ended = #live REMOVE #live',
        ConditionExpression: 'attribute_exists(#live) AND contains(#states, :entry)',
      },
      Catch: [expect.objectContaining({ ErrorEquals: [CONDITIONAL_CHECK_FAILED] })],
    });
  });

  it('bounds the job counts’ pages and queues: past either bound it skips the minute and counts why', () => {
    const json = JSON.stringify(jobCountStates());
    expect(json).toContain(`"NumericLessThan":${JOB_COUNTS_BOUNDS.pages}`);
    expect(json).toContain(`"NumericGreaterThan":${JOB_COUNTS_BOUNDS.queues}`);
    expect(json).toContain(JobCountsSkip.TooManyLiveJobs);
    expect(json).toContain(JobCountsSkip.TooManyQueues);
  });

  it('sends the job counts once a minute, deduplicated by the minute, apart from the capacity branch’s messages', () => {
    const sends = jobCountStates().flatMap(([, state]) => (state.Type === 'Task' && state.Resource === integrationArn('aws', 'sendMessage') ? [state] : []));
    expect(sends.map((send) => send.Parameters)).toEqual([
      expect.objectContaining({ 'MessageDeduplicationId.$': `States.Format('${WORKFLOW_NAMES.minuteLevels}#{}#jobs', $.minute)` }),
      expect.objectContaining({ 'MessageDeduplicationId.$': "States.Format('{}#jobs', $$.Execution.Name)" }),
    ]);
  });

  it('stamps the levels with the minute of the schedule, its seconds dropped', () => {
    expect(JSON.stringify(definition.States['Which minute is it?'])).toContain('$floor($toMillis($states.input.time) / 60000) * 60000');
  });
});
