import {
  buildJobQueueBlocked,
  buildJobStateChange,
  type JobQueueBlocked,
  type JobShape,
  type JobStateChange,
  type JobStatus,
} from '@batchmon/event-schemas';
import { arn, roleArn } from './aws-arns';
import { envelopeTime } from './event-time';

type Detail = JobStateChange['detail'];

/** Where an attempt of a job runs: an ECS task (on a container instance or Fargate) or an EKS pod. */
export interface AttemptPlacement {
  /** Absent on Fargate and EKS. */
  readonly containerInstanceArn?: string;
  /** Absent on EKS. */
  readonly taskArn?: string;
  readonly logStreamName?: string;
  readonly podName?: string;
  readonly nodeName?: string;
}

/** A finished attempt, as `attempts[]` (or `eksAttempts[]`) reports it. */
export interface FinishedAttempt extends AttemptPlacement {
  readonly startedAt?: number;
  readonly stoppedAt: number;
  readonly exitCode?: number;
  /** Container-level reason (e.g. `OutOfMemoryError: Container killed due to memory usage`). */
  readonly reason?: string;
  readonly statusReason: string;
}

/** Everything a job state change says about one job at one moment. */
export interface JobStateChangeInput {
  readonly eventId: string;
  readonly at: number;
  readonly status: JobStatus;
  readonly shape: JobShape;
  /** The submitted job's id: children and nodes add `:<index>` / `#<node>` to it. */
  readonly baseJobId: string;
  readonly jobName: string;
  readonly jobQueue: string;
  /** `name:revision`. */
  readonly jobDefinition: string;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly stoppedAt?: number;
  readonly statusReason?: string;
  readonly retryAttempts: number;
  readonly dependsOn: readonly string[];
  readonly vcpus: number;
  readonly memory: number;
  readonly image: string;
  /** The placement the job's detail shows now (current attempt, or a retried job's previous one). */
  readonly placement?: AttemptPlacement;
  /** Exit code and container reason of a terminal job's last attempt. */
  readonly exitCode?: number;
  readonly containerReason?: string;
  readonly attempts: readonly FinishedAttempt[];
  readonly arrayIndex?: number;
  readonly arraySize?: number;
  readonly statusSummary?: Readonly<Record<string, number>>;
  readonly nodeIndex?: number;
  readonly numNodes?: number;
}

const COMMAND = ['sh', '-c', 'exec ./run.sh "$AWS_BATCH_JOB_ID"'];
const SIDECAR_VCPUS = 0.25;
const SIDECAR_MEMORY = 512;

function requirements(vcpus: number, memory: number) {
  return [
    { type: 'VCPU', value: String(vcpus) },
    { type: 'MEMORY', value: String(memory) },
  ];
}

function container(input: JobStateChangeInput, onFargate: boolean): NonNullable<Detail['container']> {
  const placement = input.placement;
  return {
    image: input.image,
    command: COMMAND,
    jobRoleArn: roleArn('batch-job-role'),
    ...(onFargate ? { executionRoleArn: roleArn('ecsTaskExecutionRole') } : {}),
    resourceRequirements: requirements(input.vcpus, input.memory),
    environment: [],
    ...(placement?.containerInstanceArn === undefined ? {} : { containerInstanceArn: placement.containerInstanceArn }),
    ...(placement?.taskArn === undefined ? {} : { taskArn: placement.taskArn }),
    ...(placement?.logStreamName === undefined ? {} : { logStreamName: placement.logStreamName }),
    ...(input.exitCode === undefined ? {} : { exitCode: input.exitCode }),
    ...(input.containerReason === undefined ? {} : { reason: input.containerReason }),
    networkInterfaces: [],
    ...(onFargate
      ? {
          networkConfiguration: { assignPublicIp: 'DISABLED' },
          fargatePlatformConfiguration: { platformVersion: 'LATEST' },
          runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
        }
      : {}),
  };
}

function containerAttempts(attempts: readonly FinishedAttempt[]): NonNullable<Detail['attempts']> {
  return attempts.map((attempt) => ({
    container: {
      ...(attempt.containerInstanceArn === undefined ? {} : { containerInstanceArn: attempt.containerInstanceArn }),
      ...(attempt.taskArn === undefined ? {} : { taskArn: attempt.taskArn }),
      ...(attempt.exitCode === undefined ? {} : { exitCode: attempt.exitCode }),
      ...(attempt.reason === undefined ? {} : { reason: attempt.reason }),
      ...(attempt.logStreamName === undefined ? {} : { logStreamName: attempt.logStreamName }),
      networkInterfaces: [],
    },
    ...(attempt.startedAt === undefined ? {} : { startedAt: attempt.startedAt }),
    stoppedAt: attempt.stoppedAt,
    statusReason: attempt.statusReason,
  }));
}

function multiContainerFields(input: JobStateChangeInput): Partial<Detail> {
  const placement = input.placement;
  const placed = {
    ...(placement?.containerInstanceArn === undefined ? {} : { containerInstanceArn: placement.containerInstanceArn }),
    ...(placement?.taskArn === undefined ? {} : { taskArn: placement.taskArn }),
  };
  const main = {
    name: 'main',
    image: input.image,
    essential: true,
    command: COMMAND,
    resourceRequirements: requirements(input.vcpus - SIDECAR_VCPUS, input.memory - SIDECAR_MEMORY),
    ...(input.exitCode === undefined ? {} : { exitCode: input.exitCode }),
    ...(input.containerReason === undefined ? {} : { reason: input.containerReason }),
    ...(placement?.logStreamName === undefined ? {} : { logStreamName: `${placement.logStreamName}/main` }),
  };
  const sidecar = {
    name: 'log-router',
    image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
    essential: false,
    resourceRequirements: requirements(SIDECAR_VCPUS, SIDECAR_MEMORY),
    ...(input.exitCode === undefined ? {} : { exitCode: 0 }),
  };
  return {
    ecsProperties: { taskProperties: [{ ...placed, containers: [main, sidecar] }] },
    attempts: input.attempts.map((attempt) => ({
      taskProperties: [
        {
          ...(attempt.containerInstanceArn === undefined ? {} : { containerInstanceArn: attempt.containerInstanceArn }),
          ...(attempt.taskArn === undefined ? {} : { taskArn: attempt.taskArn }),
          containers: [
            {
              name: 'main',
              ...(attempt.exitCode === undefined ? {} : { exitCode: attempt.exitCode }),
              ...(attempt.logStreamName === undefined ? {} : { logStreamName: `${attempt.logStreamName}/main` }),
            },
            { name: 'log-router', exitCode: 0 },
          ],
        },
      ],
      ...(attempt.startedAt === undefined ? {} : { startedAt: attempt.startedAt }),
      stoppedAt: attempt.stoppedAt,
      statusReason: attempt.statusReason,
    })),
  };
}

function eksFields(input: JobStateChangeInput): Partial<Detail> {
  const placement = input.placement;
  return {
    eksProperties: {
      podProperties: {
        ...(placement?.podName === undefined ? {} : { podName: placement.podName }),
        ...(placement?.nodeName === undefined ? {} : { nodeName: placement.nodeName }),
        serviceAccountName: 'batch-jobs',
        hostNetwork: true,
        dnsPolicy: 'ClusterFirstWithHostNet',
        containers: [{ name: 'main', image: input.image, command: COMMAND, ...(input.exitCode === undefined ? {} : { exitCode: input.exitCode }) }],
        metadata: { labels: { team: 'inference' } },
      },
    },
    eksAttempts: input.attempts.map((attempt) => ({
      ...(attempt.podName === undefined ? {} : { podName: attempt.podName }),
      ...(attempt.nodeName === undefined ? {} : { nodeName: attempt.nodeName }),
      podNamespace: 'batch',
      eksClusterArn: arn('eks', 'cluster/batch-eks'),
      containers: [{ name: 'main', ...(attempt.exitCode === undefined ? {} : { exitCode: attempt.exitCode }) }],
      ...(attempt.startedAt === undefined ? {} : { startedAt: attempt.startedAt }),
      stoppedAt: attempt.stoppedAt,
      statusReason: attempt.statusReason,
    })),
    attempts: [],
  };
}

function shapeFields(input: JobStateChangeInput): Partial<Detail> {
  switch (input.shape) {
    case 'container':
    case 'arrayChild':
      return { container: container(input, false), attempts: containerAttempts(input.attempts) };
    case 'fargate':
      return { container: container(input, true), attempts: containerAttempts(input.attempts) };
    case 'arrayParent':
      // The parent is a pointer to its children: it shows the definition's container, never a placement.
      return {
        container: container({ ...input, placement: undefined, exitCode: undefined, containerReason: undefined }, false),
        arrayProperties: { size: input.arraySize, statusSummary: { ...input.statusSummary } },
        attempts: [],
      };
    case 'multiNode': {
      const nodeProperties = {
        numNodes: input.numNodes,
        mainNode: 0,
        nodeRangeProperties: [
          {
            targetNodes: '0:',
            container: { image: input.image, command: COMMAND, resourceRequirements: requirements(input.vcpus, input.memory) },
          },
        ],
      };
      if (input.nodeIndex === undefined) return { nodeProperties, container: undefined, attempts: [] };
      return { nodeProperties, container: container(input, false), attempts: containerAttempts(input.attempts) };
    }
    case 'multiContainer':
      return multiContainerFields(input);
    case 'eks':
      return eksFields(input);
  }
}

/**
 * A `Batch Job State Change` of a simulated job: the builder's event for the shape and state, with
 * the job's real ids, times, requirements, placement and attempts.
 */
export function renderJobStateChange(input: JobStateChangeInput): JobStateChange {
  const event = buildJobStateChange({
    status: input.status,
    shape: input.shape,
    jobId: input.baseJobId,
    jobQueue: input.jobQueue,
    jobDefinition: input.jobDefinition,
    ...(input.placement?.containerInstanceArn === undefined ? {} : { containerInstanceArn: input.placement.containerInstanceArn }),
    ...(input.arraySize === undefined ? {} : { arraySize: input.arraySize }),
    ...(input.arrayIndex === undefined ? {} : { arrayIndex: input.arrayIndex }),
    ...(input.nodeIndex === undefined ? {} : { nodeIndex: input.nodeIndex }),
    ...(input.numNodes === undefined ? {} : { numNodes: input.numNodes }),
    ...(input.exitCode === undefined ? {} : { exitCode: input.exitCode }),
    time: envelopeTime(input.at),
  });
  return {
    ...event,
    id: input.eventId,
    detail: {
      ...event.detail,
      jobName: input.jobName,
      statusReason: input.statusReason,
      createdAt: input.createdAt,
      startedAt: input.startedAt,
      stoppedAt: input.stoppedAt,
      retryStrategy: { attempts: input.retryAttempts },
      dependsOn: input.dependsOn.map((jobId) => ({ jobId })),
      ...shapeFields(input),
    },
  };
}

/** Everything a Job Queue Blocked event says. */
export interface JobQueueBlockedInput {
  readonly eventId: string;
  readonly at: number;
  readonly jobQueue: string;
  readonly statusReason: string;
  readonly jobId: string;
  readonly jobName: string;
  readonly jobDefinition: string;
  readonly createdAt: number;
  readonly vcpus: number;
  readonly memory: number;
  readonly image: string;
}

/** A `Batch Job Queue Blocked` event about the RUNNABLE job at the head of a queue. */
export function renderJobQueueBlocked(input: JobQueueBlockedInput): JobQueueBlocked {
  const event = buildJobQueueBlocked({
    jobQueue: input.jobQueue,
    statusReason: input.statusReason,
    jobId: input.jobId,
    time: envelopeTime(input.at),
  });
  return {
    ...event,
    id: input.eventId,
    detail: {
      ...event.detail,
      jobName: input.jobName,
      createdAt: input.createdAt,
      jobDefinition: arn('batch', `job-definition/${input.jobDefinition}`),
      container: { image: input.image, command: COMMAND, resourceRequirements: requirements(input.vcpus, input.memory) },
    },
  };
}
