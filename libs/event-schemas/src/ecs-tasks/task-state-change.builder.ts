import { DetailType, EventSource } from '../eventbridge/event-families';
import {
  SAMPLE,
  sampleArn,
  sampleBatchClusterArn,
  sampleBatchClusterName,
  sampleContainerInstanceArn,
  sampleTaskArn,
  sampleTimeBefore,
} from '../sample-resources/sample-resources';
import { clusterName } from '../batch-names/batch-names';
import { BatchEnvironmentVariable } from './ecs-task';
import type { TaskStateChange } from './task-state-change';

type Detail = TaskStateChange['detail'];

/** Options of {@link buildTaskStateChange}; every one has a realistic default. */
export interface TaskStateChangeBuildOptions {
  /** The task's new `lastStatus` (PROVISIONING, PENDING, RUNNING, STOPPED, ...). @default 'RUNNING' */
  readonly lastStatus?: string;
  /** `EC2` (placed on a container instance) or `FARGATE` (no container instance). @default 'EC2' */
  readonly launchType?: 'EC2' | 'FARGATE';
  /** Compute environment whose Batch cluster runs the task. @default the sample CE */
  readonly computeEnvironment?: string;
  /** Cluster ARN, to build events of non-Batch clusters. @default the CE's Batch cluster */
  readonly clusterArn?: string;
  /** Batch job id written into the overrides' environment. @default the sample job id */
  readonly jobId?: string;
  /** Job queue name written into the overrides' environment. @default the sample queue */
  readonly jobQueueName?: string;
  /** Container instance (EC2 only). @default a sample instance of the cluster */
  readonly containerInstanceArn?: string;
  /** Availability Zone. @default the sample AZ */
  readonly availabilityZone?: string;
  /** Event time (ISO). @default the sample time */
  readonly time?: string;
  /** Fields merged last into `detail`. */
  readonly detail?: Partial<Detail>;
}

/**
 * A realistic `ECS Task State Change` event of a Batch job's task, carrying the Batch variables in
 * its container overrides as Batch sets them.
 *
 * @example
 * ```ts
 * buildTaskStateChange({ lastStatus: 'RUNNING', jobId: 'abc' });
 * buildTaskStateChange({ launchType: 'FARGATE' }); // no containerInstanceArn
 * ```
 */
export function buildTaskStateChange(options: TaskStateChangeBuildOptions = {}): TaskStateChange {
  const lastStatus = options.lastStatus ?? 'RUNNING';
  const launchType = options.launchType ?? 'EC2';
  const computeEnvironment = options.computeEnvironment ?? SAMPLE.computeEnvironment;
  const clusterArn = options.clusterArn ?? sampleBatchClusterArn(computeEnvironment);
  const cluster = options.clusterArn === undefined ? sampleBatchClusterName(computeEnvironment) : clusterName(clusterArn);
  const taskArn = sampleTaskArn(cluster);
  const stopped = lastStatus === 'STOPPED';
  const started = lastStatus === 'RUNNING' || stopped;
  return {
    version: '0',
    id: '3317b2af-7005-947d-b652-f55e762e571a',
    'detail-type': DetailType.EcsTaskStateChange,
    source: EventSource.Ecs,
    account: SAMPLE.account,
    time: options.time ?? SAMPLE.time,
    region: SAMPLE.region,
    resources: [taskArn],
    detail: {
      clusterArn,
      taskArn,
      taskDefinitionArn: sampleArn('ecs', `task-definition/${SAMPLE.jobDefinition}-${SAMPLE.taskId.slice(0, 8)}:1`),
      ...(launchType === 'EC2'
        ? { containerInstanceArn: options.containerInstanceArn ?? sampleContainerInstanceArn(cluster) }
        : { platformVersion: '1.4.0' }),
      availabilityZone: options.availabilityZone ?? SAMPLE.availabilityZone,
      launchType,
      lastStatus,
      desiredStatus: stopped ? 'STOPPED' : 'RUNNING',
      group: `family:${SAMPLE.jobDefinition}`,
      cpu: '2048',
      memory: '2048',
      version: stopped ? 4 : started ? 3 : 1,
      overrides: {
        containerOverrides: [
          {
            name: 'default',
            environment: [
              { name: BatchEnvironmentVariable.JobId, value: options.jobId ?? SAMPLE.jobId },
              { name: BatchEnvironmentVariable.JobQueueName, value: options.jobQueueName ?? SAMPLE.jobQueue },
              { name: BatchEnvironmentVariable.ComputeEnvironmentName, value: computeEnvironment },
              { name: BatchEnvironmentVariable.JobAttempt, value: '1' },
            ],
          },
        ],
      },
      containers: [
        {
          containerArn: sampleArn('ecs', `container/${cluster}/${SAMPLE.taskId}/7b1c9e2a-0d4f-4b6e-8a3c-5f2e1d0c9b8a`),
          name: 'default',
          image: 'public.ecr.aws/amazonlinux/amazonlinux:latest',
          lastStatus,
          taskArn,
          ...(stopped ? { exitCode: 0 } : {}),
        },
      ],
      attachments: [],
      createdAt: sampleTimeBefore(360),
      ...(started ? { pullStartedAt: sampleTimeBefore(340), pullStoppedAt: sampleTimeBefore(320) } : {}),
      ...(started ? { startedAt: sampleTimeBefore(300) } : {}),
      ...(stopped
        ? {
            stoppingAt: sampleTimeBefore(5),
            stoppedAt: sampleTimeBefore(0),
            stopCode: 'EssentialContainerExited',
            stoppedReason: 'Essential container in task exited',
          }
        : {}),
      updatedAt: options.time ?? SAMPLE.time,
      connectivity: 'CONNECTED',
      connectivityAt: sampleTimeBefore(350),
      ...options.detail,
    },
  };
}
