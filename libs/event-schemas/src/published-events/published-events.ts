import documentedBlocked from '../batch-jobs/__fixtures__/job-queue-blocked.aws-docs.json';
import multiNodeChildFailed from '../batch-jobs/__fixtures__/job-state-change.multi-node-child-failed.aws-samples.json';
import multiNodeMainRunning from '../batch-jobs/__fixtures__/job-state-change.multi-node-main-running.aws-samples.json';
import documentedRunnable2017 from '../batch-jobs/__fixtures__/job-state-change.runnable-2017.aws-docs.json';
import documentedRunnable from '../batch-jobs/__fixtures__/job-state-change.runnable.aws-docs.json';
import capturedRunning from '../batch-jobs/__fixtures__/job-state-change.running.aws-samples.json';
import capturedSucceeded from '../batch-jobs/__fixtures__/job-state-change.succeeded.aws-samples.json';
import documentedInstance from '../container-instances/__fixtures__/container-instance-state-change.aws-docs.json';
import documentedEc2Task from '../ecs-tasks/__fixtures__/task-state-change.ec2-2016.aws-docs.json';
import documentedFargateTask from '../ecs-tasks/__fixtures__/task-state-change.fargate.aws-docs.json';
import type { EventFamily } from '../eventbridge/event-families';

/** An AWS event as AWS published it: in its documentation or in a public capture. */
export interface PublishedEvent {
  /** A short name, unique in {@link PUBLISHED_EVENTS}. */
  readonly name: string;
  /** The event family. */
  readonly family: EventFamily;
  /** Where it was published (the '__fixtures__/SOURCES.md' beside each file says more). */
  readonly source: string;
  /** The year of the event's 'time'. */
  readonly year: number;
  /**
   * Whether the event is from a Batch-managed cluster as published. The ECS Developer Guide's
   * samples are not: replays put them into one to reach the workflows.
   */
  readonly inBatchCluster: boolean;
  /** The event, as published. */
  readonly event: unknown;
}

// Only literals below (families typed by EventFamily, not read from its object; no template
// strings): esbuild keeps an unused list whose initializer it cannot prove free of side effects, and
// with it every event in it, in the metrics Lambda's bundle.

/**
 * Published AWS events of batchmon's families, old and new: the samples of the AWS Batch and Amazon
 * ECS documentation (current and earlier versions) and real captures published by AWS samples.
 * Replaying them is how batchmon checks it counts real events, not only its own builders' ones.
 *
 * @example
 * ```ts
 * for (const { name, event } of PUBLISHED_EVENTS) expect(validateEvent(event).ok).toBe(true);
 * ```
 */
export const PUBLISHED_EVENTS: readonly PublishedEvent[] = [
  {
    name: 'Batch RUNNABLE job, 2017 documentation sample',
    family: 'BatchJobStateChange',
    source: 'AWS Batch User Guide, "AWS Batch Events" (2018 version)',
    year: 2017,
    inBatchCluster: true,
    event: documentedRunnable2017,
  },
  {
    name: 'Batch RUNNABLE job, 2022 documentation sample',
    family: 'BatchJobStateChange',
    source: 'AWS Batch User Guide, "Job state change events"',
    year: 2022,
    inBatchCluster: true,
    event: documentedRunnable,
  },
  {
    name: 'Batch RUNNING job defined with ECS properties, 2025 capture',
    family: 'BatchJobStateChange',
    source: 'aws-samples/aws-batch-runtime-monitoring, tests/BatchJobStatesTests/batch-event-RUNNING.json',
    year: 2025,
    inBatchCluster: true,
    event: capturedRunning,
  },
  {
    name: 'Batch SUCCEEDED job defined with ECS properties, 2025 capture',
    family: 'BatchJobStateChange',
    source: 'aws-samples/aws-batch-runtime-monitoring, tests/BatchJobStatesTests/batch-event-SUCCEEDED.json',
    year: 2025,
    inBatchCluster: true,
    event: capturedSucceeded,
  },
  {
    name: 'Batch multi-node main node RUNNING, 2025 capture',
    family: 'BatchJobStateChange',
    source: 'aws-samples/aws-batch-runtime-monitoring, tests/BatchJobStatesTests/batch-event-MNP-MAIN-NODE.json',
    year: 2025,
    inBatchCluster: true,
    event: multiNodeMainRunning,
  },
  {
    name: 'Batch multi-node child node FAILED, 2025 capture',
    family: 'BatchJobStateChange',
    source: 'aws-samples/aws-batch-runtime-monitoring, tests/BatchJobStatesTests/batch-event-MNP-CHILD-NODE-FAILED.json',
    year: 2025,
    inBatchCluster: true,
    event: multiNodeChildFailed,
  },
  {
    name: 'Batch job queue blocked, 2022 documentation sample',
    family: 'BatchJobQueueBlocked',
    source: 'AWS Batch User Guide, "Job queue blocked events"',
    year: 2022,
    inBatchCluster: true,
    event: documentedBlocked,
  },
  {
    name: 'ECS task on EC2, 2016 documentation sample',
    family: 'EcsTaskStateChange',
    source: 'Amazon ECS Developer Guide, "Amazon ECS Events" (2018 version)',
    year: 2016,
    inBatchCluster: false,
    event: documentedEc2Task,
  },
  {
    name: 'ECS task on Fargate, 2020 documentation sample',
    family: 'EcsTaskStateChange',
    source: 'Amazon ECS Developer Guide, "Task state change events"',
    year: 2020,
    inBatchCluster: false,
    event: documentedFargateTask,
  },
  {
    name: 'ECS container instance, 2016 documentation sample',
    family: 'EcsContainerInstanceStateChange',
    source: 'Amazon ECS Developer Guide, "Container instance state change events"',
    year: 2016,
    inBatchCluster: false,
    event: documentedInstance,
  },
];
