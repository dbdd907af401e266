import { buildConfigurationCall, buildInstanceActivity, buildJobQueueBlocked, buildJobStateChange, buildRunTaskCall, type JobStatus } from '@batchmon/event-schemas';
import { WORKFLOW_NAMES } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: an account has six job queues, each on a compute environment of its own, learned from
// CloudTrail's CreateComputeEnvironment and CreateJobQueue calls at 11:50. At 12:00 a job becomes
// RUNNABLE on each queue, and none leaves RUNNABLE:
// - "big" asks 256 vCPUs of a compute environment of m5.large instances: too big;
// - "blocked" is named by a Job Queue Blocked event at 12:05 (its queue's compute environment would
//   also be too small: the block comes first);
// - "vcpu-limit" waits on a compute environment whose Auto Scaling group fails to launch at 12:07,
//   EC2 refusing for the account's vCPU limit;
// - "silent" waits on one whose group launched an instance at 12:01 that never registers;
// - "memory" waits on one whose RunTask calls fail for RESOURCE:MEMORY at 12:08;
// - "nowhere" waits on a queue batchmon was never told of.
// At 12:10 each has waited its threshold (10 minutes): the next minute diagnoses each once, with the
// first reason that holds, from batchmon's own tables (failures count in the five minutes before). Every event is delivered twice, and the
// evidence arrives in another order than it happened; the minutes after add nothing.

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const at = (minute: number, second = 0): string => new Date(T0 + (minute * 60 + second) * 1000).toISOString().replace('.000Z', 'Z');
const UUID = '6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b';

const computeEnvironment = (name: string, maxvCpus: number, id: number) =>
  buildConfigurationCall(
    'CreateComputeEnvironment',
    { computeEnvironmentName: name, type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus, minvCpus: 0, instanceTypes: ['m5.large'] } },
    { time: at(-10), eventId: `0000000${id}-70fc-4798-bc00-4a2b3c4d5e6f` },
  );
const jobQueue = (name: string, ce: string, id: number) =>
  buildConfigurationCall('CreateJobQueue', { jobQueueName: name, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }, { time: at(-10), eventId: `1000000${id}-70fc-4798-bc00-4a2b3c4d5e6f` });
const runnable = (jobId: string, queue: string, vcpus: number) => {
  const event = buildJobStateChange({ jobId, status: 'RUNNABLE' satisfies JobStatus, jobQueue: queue, time: at(0, 10) });
  return { ...event, id: `${jobId}-runnable`, detail: { ...event.detail, container: { ...event.detail.container, resourceRequirements: [{ type: 'VCPU', value: String(vcpus) }, { type: 'MEMORY', value: '2048' }] } } };
};

const QUEUES = ['big', 'blocked', 'vcpu-limit', 'silent', 'memory'] as const;
const expected: Record<string, { reason: string; evidence?: Record<string, string> }> = {
  'job-big': { reason: 'too-big' },
  'job-blocked': { reason: 'queue-blocked', evidence: { statusReason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - too big' } },
  'job-vcpu-limit': { reason: 'launch-failures', evidence: { failureClass: 'vcpu-limit' } },
  'job-silent': { reason: 'instances-not-registering', evidence: { instances: 'i-0silent0000000001' } },
  'job-memory': { reason: 'placement-failures', evidence: { placementReasons: 'RESOURCE:MEMORY' } },
  'job-nowhere': { reason: 'unknown' },
};

describe('jobs stuck in RUNNABLE, each for another reason', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    const configuration = QUEUES.flatMap((queue, index) => [computeEnvironment(`${queue}-ce`, 16, index), jobQueue(queue, `${queue}-ce`, index)]);
    const jobs = [...QUEUES.map((queue) => runnable(`job-${queue}`, queue, queue === 'big' || queue === 'blocked' ? 256 : 1)), runnable('job-nowhere', 'nowhere', 1)];
    const evidence = [
      buildRunTaskCall({ id: 'run-task-memory', time: at(8), cluster: `AWSBatch-memory-ce-${UUID}`, withBatchTags: false, failures: [{ reason: 'RESOURCE:MEMORY' }] }),
      buildInstanceActivity({ detailType: 'EC2 Instance Launch Unsuccessful', autoScalingGroupName: `vcpu-limit-ce-asg-${UUID}`, time: at(7), id: 'a-limit', statusMessage: 'You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to. Launching EC2 instance failed.' }),
      buildInstanceActivity({ autoScalingGroupName: `silent-ce-asg-${UUID}`, time: at(1), id: 'a-silent', ec2InstanceId: 'i-0silent0000000001' }),
      buildJobQueueBlocked({ id: 'blocked-1', jobId: 'job-blocked', jobQueue: 'blocked', time: at(5), statusReason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - too big' }),
    ];
    // Each event twice; the evidence in another order than it happened.
    for (const event of [...configuration, ...jobs, ...evidence.reverse()]) await scenario.batchmon.ingest(event).then(() => scenario.batchmon.ingest(event));
    await scenario.batchmon.advanceTo(at(14));
    await scenario.batchmon.flush();
  }, 120_000);
  afterAll(() => scenario.close());

  const stuck = () => scenario.recordsOf('StuckJobs');

  it('diagnoses each stuck job once, with the first reason that holds', () => {
    const reasons = Object.fromEntries(stuck().map((line) => [String(line.properties['jobId']), line.dimensions['Reason']]));
    expect(reasons).toEqual(Object.fromEntries(Object.entries(expected).map(([jobId, { reason }]) => [jobId, reason])));
    expect(stuck()).toHaveLength(Object.keys(expected).length);
  });

  it('keeps the evidence chain in each job’s record', () => {
    for (const line of stuck()) {
      const { evidence } = expected[String(line.properties['jobId'])] ?? {};
      expect(line.properties).toMatchObject({ state: 'RUNNABLE', since: at(0, 10).replace('Z', '.000Z'), ...evidence });
      expect(line.properties['evidence']).toEqual(expect.any(String));
    }
  });

  it('diagnoses them at the first minute their threshold had passed, by queue', () => {
    expect(new Set(stuck().map((line) => new Date(line.timestamp).toISOString()))).toEqual(new Set([new Date(at(11)).toISOString()]));
    expect(stuck().map((line) => line.dimensions['JobQueue']).sort()).toEqual([...QUEUES, 'nowhere'].sort());
  });

  it('runs every minute to success, the diagnosis included', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ failedExecutions: 0, failedEvents: 0 });
    expect(scenario.records().filter((line) => line.properties['Workflow'] === WORKFLOW_NAMES.minuteLevels && line.dimensions['Reason'] !== undefined && line.metrics.some((m) => m.name === 'SkippedEvents'))).toEqual([]);
  });
});
