import { DetailType, EventSource } from '../eventbridge/event-families';
import {
  SAMPLE,
  sampleArn,
  sampleBatchClusterName,
  sampleContainerInstanceArn,
  sampleEpochMillisBefore,
  sampleTaskArn,
} from '../sample-resources/sample-resources';
import type { JobShape, JobStatus } from './job-detail';
import type { JobStateChange } from './job-state-change';

type Detail = JobStateChange['detail'];
type Attempt = NonNullable<Detail['attempts']>[number];

/** Options of {@link buildJobStateChange}; every one has a realistic default. */
export interface JobStateChangeBuildOptions {
  /** The state the job just entered. @default 'RUNNING' */
  readonly status?: JobStatus;
  /** The job's shape (see {@link JobShape}). @default 'container' */
  readonly shape?: JobShape;
  /** Job id; array children get `<id>:<index>`, multi-node nodes `<id>#<node>`. @default the sample job id */
  readonly jobId?: string;
  /** Job queue name or ARN (always emitted as an ARN, as Batch does). @default the sample queue */
  readonly jobQueue?: string;
  /** Job definition name, `name:revision` or ARN (emitted as an ARN with revision). @default the sample definition */
  readonly jobDefinition?: string;
  /** Compute environment whose Batch cluster hosts the job's container instance and task. @default the sample CE */
  readonly computeEnvironment?: string;
  /** Container instance the job is placed on (EC2 shapes, from STARTING on). @default a sample instance of the CE's cluster */
  readonly containerInstanceArn?: string;
  /** Array size of an `arrayParent`. @default 10 */
  readonly arraySize?: number;
  /** Index of an `arrayChild`. @default 0 */
  readonly arrayIndex?: number;
  /** For `multiNode`: the node this event is about; omitted, the event is about the parent job. */
  readonly nodeIndex?: number;
  /** For `multiNode`: number of nodes. @default 2 */
  readonly numNodes?: number;
  /** Exit code of a terminal job. @default 0 when SUCCEEDED, 1 when FAILED */
  readonly exitCode?: number;
  /** Event time (ISO). @default the sample time */
  readonly time?: string;
  /** Fields merged last into `detail`, to shape edge cases (e.g. `{ attempts: [] }`). */
  readonly detail?: Partial<Detail>;
}

const PLACED: readonly JobStatus[] = ['STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'];
const STARTED: readonly JobStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED'];
const TERMINAL: readonly JobStatus[] = ['SUCCEEDED', 'FAILED'];

// Fixed offsets before the event time: created 15 min before, running 5 min before.
const CREATED_BEFORE_S = 900;
const STARTED_BEFORE_S = 300;

interface Progress {
  readonly placed: boolean;
  readonly started: boolean;
  readonly terminal: boolean;
}

interface Placement {
  readonly containerInstanceArn: string;
  readonly taskArn: string;
  readonly logStreamName: string;
  readonly exitCode: number;
  readonly statusReason: string;
}

function asQueueArn(queue: string): string {
  return queue.startsWith('arn:') ? queue : sampleArn('batch', `job-queue/${queue}`);
}

function asDefinitionArn(definition: string): string {
  if (definition.startsWith('arn:')) return definition;
  const withRevision = /:\d+$/.test(definition) ? definition : `${definition}:${SAMPLE.jobDefinitionRevision}`;
  return sampleArn('batch', `job-definition/${withRevision}`);
}

function singleContainer(progress: Progress, placement: Placement, onEc2: boolean): NonNullable<Detail['container']> {
  return {
    image: 'public.ecr.aws/amazonlinux/amazonlinux:latest',
    command: ['sh', '-c', 'echo hello from batchmon'],
    resourceRequirements: [
      { type: 'VCPU', value: onEc2 ? '2' : '1' },
      { type: 'MEMORY', value: '2048' },
    ],
    environment: [],
    ...(progress.placed && onEc2 ? { containerInstanceArn: placement.containerInstanceArn } : {}),
    ...(progress.placed ? { taskArn: placement.taskArn } : {}),
    ...(progress.started ? { logStreamName: placement.logStreamName } : {}),
    ...(progress.terminal ? { exitCode: placement.exitCode, reason: placement.statusReason } : {}),
    ...(onEc2
      ? {}
      : {
          networkConfiguration: { assignPublicIp: 'DISABLED' },
          fargatePlatformConfiguration: { platformVersion: 'LATEST' },
        }),
  };
}

function times(progress: Progress): Pick<Detail, 'createdAt' | 'startedAt' | 'stoppedAt'> {
  return {
    createdAt: sampleEpochMillisBefore(CREATED_BEFORE_S),
    ...(progress.started ? { startedAt: sampleEpochMillisBefore(STARTED_BEFORE_S) } : {}),
    ...(progress.terminal ? { stoppedAt: sampleEpochMillisBefore(0) } : {}),
  };
}

function containerAttempts(progress: Progress, placement: Placement, onEc2: boolean): Attempt[] {
  // Batch appends an attempt when it ends, so only terminal events carry one.
  if (!progress.terminal) return [];
  return [
    {
      container: {
        ...(onEc2 ? { containerInstanceArn: placement.containerInstanceArn } : {}),
        taskArn: placement.taskArn,
        exitCode: placement.exitCode,
        logStreamName: placement.logStreamName,
        networkInterfaces: [],
      },
      startedAt: sampleEpochMillisBefore(STARTED_BEFORE_S),
      stoppedAt: sampleEpochMillisBefore(0),
      statusReason: placement.statusReason,
    },
  ];
}

function shapeFields(
  shape: JobShape,
  options: JobStateChangeBuildOptions,
  progress: Progress,
  placement: Placement,
): Partial<Detail> {
  switch (shape) {
    case 'container':
      return {
        container: singleContainer(progress, placement, true),
        attempts: containerAttempts(progress, placement, true),
        platformCapabilities: ['EC2'],
      };
    case 'fargate':
      return {
        container: singleContainer(progress, placement, false),
        attempts: containerAttempts(progress, placement, false),
        platformCapabilities: ['FARGATE'],
      };
    case 'arrayParent': {
      // The parent is never placed; its children are, and it summarises them.
      const size = options.arraySize ?? 10;
      const childState = progress.terminal ? (options.status ?? 'SUCCEEDED') : 'RUNNABLE';
      const statusSummary: Record<string, number> = {
        STARTING: 0,
        FAILED: 0,
        RUNNING: 0,
        SUCCEEDED: 0,
        RUNNABLE: 0,
        SUBMITTED: 0,
        PENDING: 0,
      };
      statusSummary[childState] = size;
      return {
        container: singleContainer({ placed: false, started: false, terminal: false }, placement, true),
        arrayProperties: { size, statusSummary },
        attempts: [],
        platformCapabilities: ['EC2'],
      };
    }
    case 'arrayChild':
      return {
        container: singleContainer(progress, placement, true),
        arrayProperties: { index: options.arrayIndex ?? 0 },
        attempts: containerAttempts(progress, placement, true),
        platformCapabilities: ['EC2'],
      };
    case 'multiNode': {
      const numNodes = options.numNodes ?? 2;
      const nodeProperties = {
        numNodes,
        mainNode: 0,
        nodeRangeProperties: [{ targetNodes: '0:', container: singleContainer(progress, placement, true) }],
      };
      if (options.nodeIndex === undefined) return { nodeProperties, attempts: [], platformCapabilities: ['EC2'] };
      return {
        nodeProperties,
        nodeDetails: { nodeIndex: options.nodeIndex, isMainNode: options.nodeIndex === 0 },
        container: singleContainer(progress, placement, true),
        attempts: containerAttempts(progress, placement, true),
        platformCapabilities: ['EC2'],
      };
    }
    case 'multiContainer': {
      const placed = progress.placed
        ? { containerInstanceArn: placement.containerInstanceArn, taskArn: placement.taskArn }
        : {};
      const attempts: Attempt[] = progress.terminal
        ? [
            {
              taskProperties: [
                {
                  ...placed,
                  containers: [
                    { name: 'app', exitCode: placement.exitCode, logStreamName: `${placement.logStreamName}-app` },
                    { name: 'sidecar', exitCode: 0, logStreamName: `${placement.logStreamName}-sidecar` },
                  ],
                },
              ],
              startedAt: sampleEpochMillisBefore(STARTED_BEFORE_S),
              stoppedAt: sampleEpochMillisBefore(0),
              statusReason: placement.statusReason,
            },
          ]
        : [];
      return {
        ecsProperties: {
          taskProperties: [
            {
              ...placed,
              containers: [
                { name: 'app', image: 'public.ecr.aws/amazonlinux/amazonlinux:latest', essential: true },
                { name: 'sidecar', image: 'public.ecr.aws/docker/library/busybox:latest', essential: false },
              ],
            },
          ],
        },
        attempts,
        platformCapabilities: ['EC2'],
      };
    }
    case 'eks': {
      const pod = progress.placed
        ? { podName: `aws-batch.${SAMPLE.jobId}`, nodeName: 'ip-192-168-13-45.ec2.internal' }
        : {};
      return {
        eksProperties: {
          podProperties: {
            ...pod,
            serviceAccountName: 'default',
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            containers: [{ name: 'main', image: 'public.ecr.aws/amazonlinux/amazonlinux:2', command: ['sleep', '60'] }],
          },
        },
        eksAttempts: progress.terminal
          ? [
              {
                ...pod,
                podNamespace: 'batchmon',
                containers: [{ name: 'main', exitCode: placement.exitCode }],
                startedAt: sampleEpochMillisBefore(STARTED_BEFORE_S),
                stoppedAt: sampleEpochMillisBefore(0),
                statusReason: placement.statusReason,
              },
            ]
          : [],
        attempts: [],
      };
    }
  }
}

function shapedJobId(shape: JobShape, jobId: string, options: JobStateChangeBuildOptions): string {
  if (shape === 'arrayChild') return `${jobId}:${options.arrayIndex ?? 0}`;
  if (shape === 'multiNode' && options.nodeIndex !== undefined) return `${jobId}#${options.nodeIndex}`;
  return jobId;
}

/**
 * A realistic `Batch Job State Change` event for any job shape and state, with the fields Batch adds
 * as the job progresses (placement from STARTING, `startedAt` from RUNNING, `stoppedAt`, exit code and
 * an attempt when terminal), and the other kinds' fields real events carry empty (`eksAttempts: []`
 * on ECS jobs).
 *
 * @example
 * ```ts
 * buildJobStateChange({ status: 'SUCCEEDED', shape: 'fargate' });
 * buildJobStateChange({ status: 'RUNNING', shape: 'multiNode', nodeIndex: 1 });
 * buildJobStateChange({ status: 'RUNNABLE', detail: { attempts: [] } });
 * ```
 */
export function buildJobStateChange(options: JobStateChangeBuildOptions = {}): JobStateChange {
  const status = options.status ?? 'RUNNING';
  const shape = options.shape ?? 'container';
  const progress: Progress = {
    placed: PLACED.includes(status),
    started: STARTED.includes(status),
    terminal: TERMINAL.includes(status),
  };
  const jobId = shapedJobId(shape, options.jobId ?? SAMPLE.jobId, options);
  const cluster = sampleBatchClusterName(options.computeEnvironment);
  const placement: Placement = {
    containerInstanceArn: options.containerInstanceArn ?? sampleContainerInstanceArn(cluster),
    taskArn: sampleTaskArn(cluster),
    logStreamName: `${SAMPLE.jobDefinition}/default/${SAMPLE.taskId}`,
    exitCode: options.exitCode ?? (status === 'FAILED' ? 1 : 0),
    statusReason: 'Essential container in task exited',
  };
  const jobArn = sampleArn('batch', `job/${jobId}`);
  return {
    version: '0',
    id: 'c8f9c4b5-76e5-d76a-f980-7011e206042b',
    'detail-type': DetailType.BatchJobStateChange,
    source: EventSource.Batch,
    account: SAMPLE.account,
    time: options.time ?? SAMPLE.time,
    region: SAMPLE.region,
    resources: [jobArn],
    detail: {
      jobArn,
      jobName: SAMPLE.jobName,
      jobId,
      jobQueue: asQueueArn(options.jobQueue ?? SAMPLE.jobQueue),
      status,
      ...(progress.terminal ? { statusReason: placement.statusReason } : {}),
      ...times(progress),
      retryStrategy: { attempts: 1 },
      dependsOn: [],
      jobDefinition: asDefinitionArn(options.jobDefinition ?? SAMPLE.jobDefinition),
      parameters: {},
      tags: { resourceArn: jobArn },
      propagateTags: false,
      // Real events of ECS jobs carry the EKS attempts list, empty (captures of 2025 published in
      // aws-samples/aws-batch-runtime-monitoring); the EKS shape replaces it with its own.
      eksAttempts: [],
      ...shapeFields(shape, options, progress, placement),
      ...options.detail,
    },
  };
}
