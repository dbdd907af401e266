import { SAMPLE_RESOURCES, buildJobStateChange } from '@batchmon/event-schemas';
import { DEFAULT_INSTANCE_WAIT, INSTANCE_NOT_REGISTERED } from '@batchmon/correlation';
import type { ExecutionResult } from '@batchmon/emulator';
import { startScenario, type Scenario } from './scenario-kit';

// Story: a job is RUNNING on a container instance batchmon never saw register (e.g. batchmon was
// deployed after the instance started, or no CloudTrail trail logs the registration). The workflow
// looks the instance up a bounded number of times, then emits the transition with an explicit
// unknown placement and counts the event with its reason — it never loops until the Express limit.
// The job's ECS task is still counted placed: in the compute environment its task ARN's cluster
// names, in an unknown AZ and instance type (a Batch job's event carries neither).

describe('a RUNNING job whose container instance never registered', () => {
  let scenario: Scenario & { close(): Promise<void> };
  let execution: ExecutionResult | undefined;

  beforeAll(async () => {
    scenario = await startScenario();
    const result = await scenario.batchmon.ingest(buildJobStateChange({ status: 'RUNNING' }));
    execution = result.kind === 'published' ? result.result.executions[0] : undefined;
    await scenario.batchmon.flush();
  });
  afterAll(() => scenario.close());

  it('succeeds', () => {
    expect(execution?.status).toBe('SUCCEEDED');
  });

  it('looks the instance up a bounded number of times', () => {
    const lookups = execution?.visitedStates.filter((s) => s === 'Look up the instance');
    expect(lookups).toHaveLength(DEFAULT_INSTANCE_WAIT.retries + 1);
  });

  it('finishes within seconds of (simulated) AWS time', () => {
    const bound = DEFAULT_INSTANCE_WAIT.retries * DEFAULT_INSTANCE_WAIT.intervalSeconds + 5;
    expect(execution?.simulatedDurationSeconds).toBeLessThanOrEqual(bound);
  });

  it('emits the transition with an explicit unknown placement', () => {
    const [transition] = scenario.recordsOf('JobStateTransitions');
    expect(transition?.dimensions).toMatchObject({
      State: 'RUNNING',
      AvailabilityZone: 'unknown',
      InstanceType: 'unknown',
      ComputeEnvironment: 'unknown',
    });
  });

  it('counts the event as uncorrelated with its reason', () => {
    const [uncorrelated] = scenario.recordsOf('UncorrelatedEvents');
    expect(uncorrelated?.dimensions).toMatchObject({ Workflow: 'JobStates', Reason: INSTANCE_NOT_REGISTERED });
    expect(scenario.batchmon.summary().uncorrelated).toEqual({ [INSTANCE_NOT_REGISTERED]: 1 });
  });

  it('counts the job’s task placed in its cluster’s compute environment, on an unknown AZ and instance type', () => {
    const placed = scenario.recordsOf('JobsPlaced');
    expect(placed.map((r) => r.dimensions)).toEqual([
      { ComputeEnvironment: SAMPLE_RESOURCES.computeEnvironment, JobQueue: SAMPLE_RESOURCES.jobQueue, LaunchType: 'EC2', AvailabilityZone: 'unknown', InstanceType: 'unknown' },
    ]);
  });
});
