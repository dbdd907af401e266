import {
  buildContainerInstanceRegistrationCall,
  buildJobStateChange,
  type JobShape,
  type JobStatus,
} from '@batchmon/event-schemas';

const CLUSTER = (ce: string): string => `AWSBatch-${ce}-6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b`;
const instanceArn = (ce: string, id: string): string =>
  `arn:aws:ecs:us-east-1:123456789012:container-instance/${CLUSTER(ce)}/${id}`;

interface DemoJob {
  readonly id: string;
  readonly queue: string;
  readonly definition: string;
  readonly shape: JobShape;
  readonly ce: string;
  readonly instance?: string;
  readonly states: readonly JobStatus[];
}

/**
 * A small built-in story, in time order: two instances of two compute environments register in
 * two AZs; jobs of two queues run on them (single- and multi-container), one fails, one Fargate job
 * runs, one job runs on an instance batchmon never saw register, and an instance leaves.
 */
export function demoEvents(start = Date.UTC(2024, 4, 1, 12, 0, 0)): unknown[] {
  let second = 0;
  const at = (): string => new Date(start + (second += 7) * 1000).toISOString();
  const events: unknown[] = [
    buildContainerInstanceRegistrationCall({
      cluster: CLUSTER('ondemand-ce'),
      containerInstanceArn: instanceArn('ondemand-ce', 'a1'),
      ec2InstanceId: 'i-0a1',
      availabilityZone: 'us-east-1a',
      instanceType: 'm5.xlarge',
      time: at(),
    }),
    buildContainerInstanceRegistrationCall({
      cluster: CLUSTER('spot-ce'),
      containerInstanceArn: instanceArn('spot-ce', 'b1'),
      ec2InstanceId: 'i-0b1',
      availabilityZone: 'us-east-1b',
      instanceType: 'c5.2xlarge',
      time: at(),
    }),
  ];
  const lifecycle: JobStatus[] = ['RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED'];
  const jobs: DemoJob[] = [
    { id: 'job-1', queue: 'high-priority', definition: 'render:4', shape: 'container', ce: 'ondemand-ce', instance: 'a1', states: lifecycle },
    { id: 'job-2', queue: 'high-priority', definition: 'render:5', shape: 'multiContainer', ce: 'ondemand-ce', instance: 'a1', states: lifecycle },
    { id: 'job-3', queue: 'low-priority', definition: 'etl:2', shape: 'container', ce: 'spot-ce', instance: 'b1', states: ['RUNNABLE', 'STARTING', 'RUNNING', 'FAILED'] },
    { id: 'job-4', queue: 'low-priority', definition: 'etl:2', shape: 'fargate', ce: 'fargate-ce', states: lifecycle },
    { id: 'job-5', queue: 'low-priority', definition: 'etl:2', shape: 'container', ce: 'spot-ce', instance: 'zz-never-registered', states: ['RUNNING'] },
  ];
  for (const job of jobs) {
    for (const status of job.states) {
      events.push(
        buildJobStateChange({
          status,
          shape: job.shape,
          jobId: job.id,
          jobQueue: job.queue,
          jobDefinition: job.definition,
          computeEnvironment: job.ce,
          ...(job.instance === undefined ? {} : { containerInstanceArn: instanceArn(job.ce, job.instance) }),
          time: at(),
        }),
      );
    }
  }
  events.push(
    buildContainerInstanceRegistrationCall({
      eventName: 'DeregisterContainerInstance',
      cluster: CLUSTER('spot-ce'),
      containerInstanceArn: instanceArn('spot-ce', 'b1'),
      ec2InstanceId: 'i-0b1',
      time: at(),
    }),
  );
  return events;
}
