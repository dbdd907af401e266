import {
  buildContainerInstanceRegistrationCall,
  buildJobStateChange,
  type JobShape,
  type JobStatus,
} from '@batchmon/event-schemas';
import { startScenario, type Scenario } from './scenario-kit';

// Story: an m5.xlarge instance of compute environment "batchmon-ce" registers in us-east-1b; a job
// of queue "batchmon-queue" and definition "batchmon-job:3" goes RUNNABLE → STARTING → RUNNING →
// SUCCEEDED on it. Every transition is counted by queue and definition; the placed ones also by
// the instance's AZ, type and compute environment.

const STATES: JobStatus[] = ['RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED'];
const time = (second: number): string => new Date(Date.UTC(2024, 4, 1, 12, 0, second)).toISOString();

describe.each<JobShape>(['container', 'multiContainer'])('a %s job on a registered instance', (shape) => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(
      buildContainerInstanceRegistrationCall({ availabilityZone: 'us-east-1b', instanceType: 'm5.xlarge', time: time(0) }),
      ...STATES.map((status, i) => buildJobStateChange({ status, shape, time: time(10 + i) })),
    );
  });
  afterAll(() => scenario.close());

  it('counts the instance registration by AZ, instance type and compute environment', () => {
    const [registration] = scenario.recordsOf('InstanceRegistrations');
    expect(registration?.dimensions).toMatchObject({
      AvailabilityZone: 'us-east-1b',
      InstanceType: 'm5.xlarge',
      ComputeEnvironment: 'batchmon-ce',
    });
  });

  it('counts every transition once, by queue and definition name without revision', () => {
    const transitions = scenario.recordsOf('JobStateTransitions');
    expect(transitions.map((r) => r.dimensions['State'])).toEqual(STATES);
    for (const record of transitions) {
      expect(record.dimensions).toMatchObject({ JobQueue: 'batchmon-queue', JobDefinition: 'batchmon-job' });
      expect(record.metrics).toEqual([{ name: 'JobStateTransitions', unit: 'Count', value: 1 }]);
    }
  });

  it('places STARTING, RUNNING and SUCCEEDED on the instance’s AZ, type and compute environment', () => {
    const placed = scenario.recordsOf('JobStateTransitions').filter((r) => r.dimensions['State'] !== 'RUNNABLE');
    expect(placed).toHaveLength(3);
    for (const record of placed) {
      expect(record.dimensions).toMatchObject({
        AvailabilityZone: 'us-east-1b',
        InstanceType: 'm5.xlarge',
        ComputeEnvironment: 'batchmon-ce',
      });
    }
  });

  it('does not place the RUNNABLE transition', () => {
    const [runnable] = scenario.recordsOf('JobStateTransitions');
    expect(runnable?.dimensionSets.flat()).not.toContain('AvailabilityZone');
  });

  it('stamps each record with its event’s time', () => {
    expect(scenario.recordsOf('JobStateTransitions').map((r) => r.timestamp)).toEqual(
      STATES.map((_, i) => Date.parse(time(10 + i))),
    );
  });

  it('counts nothing as skipped or uncorrelated', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ skipped: {}, uncorrelated: {}, failedExecutions: 0 });
  });
});
