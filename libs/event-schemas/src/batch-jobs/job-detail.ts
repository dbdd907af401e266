import { z } from 'zod';

// The `detail` of Batch job events "resembles the JobDetail object returned from DescribeJobs"
// (AWS Batch User Guide, "Job state change events"). Everything below follows the API reference
// (JobDetail, AttemptDetail, ContainerDetail, EcsPropertiesDetail, EksAttemptDetail, ...), with one
// deliberate difference: the API marks `startedAt` required, but events before RUNNING do not carry
// it (the documented RUNNABLE sample has none), so it is optional here.

/** The job states of AWS Batch, in lifecycle order. */
export const JOB_STATUSES = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

/** A Batch job state. */
export const jobStatusSchema = z.enum(JOB_STATUSES);

/** A Batch job state (`SUBMITTED` … `FAILED`). */
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** Job states after which a job never changes again. */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['SUCCEEDED', 'FAILED'];

const keyValuePairSchema = z.looseObject({ name: z.string().optional(), value: z.string().optional() });
// Every field of the nested objects is optional too: none of them feeds a metric, so none may make an
// event invalid.
const resourceRequirementSchema = z.looseObject({ type: z.string().optional(), value: z.string().optional() });
const networkInterfaceSchema = z.looseObject({
  attachmentId: z.string().optional(),
  ipv6Address: z.string().optional(),
  privateIpv4Address: z.string().optional(),
});

/**
 * `container` of a single-container job (ContainerDetail). Per the API reference it is absent (or an
 * empty object) for multi-container jobs; `containerInstanceArn` appears only once the job reached
 * STARTING on EC2 (never on Fargate), `taskArn` from STARTING on.
 */
export const containerDetailSchema = z.looseObject({
  image: z.string().optional(),
  vcpus: z.number().optional(),
  memory: z.number().optional(),
  command: z.array(z.string()).optional(),
  jobRoleArn: z.string().optional(),
  executionRoleArn: z.string().optional(),
  environment: z.array(keyValuePairSchema).optional(),
  resourceRequirements: z.array(resourceRequirementSchema).optional(),
  exitCode: z.number().int().optional(),
  reason: z.string().optional(),
  containerInstanceArn: z.string().optional(),
  taskArn: z.string().optional(),
  logStreamName: z.string().optional(),
  instanceType: z.string().optional(),
  networkInterfaces: z.array(networkInterfaceSchema).optional(),
  networkConfiguration: z.looseObject({ assignPublicIp: z.string().optional() }).optional(),
  fargatePlatformConfiguration: z.looseObject({ platformVersion: z.string().optional() }).optional(),
  runtimePlatform: z
    .looseObject({ operatingSystemFamily: z.string().optional(), cpuArchitecture: z.string().optional() })
    .optional(),
});

/** One container of a multi-container job's task (TaskContainerDetails). */
export const taskContainerDetailSchema = z.looseObject({
  name: z.string().optional(),
  image: z.string().optional(),
  essential: z.boolean().optional(),
  command: z.array(z.string()).optional(),
  exitCode: z.number().int().optional(),
  reason: z.string().optional(),
  logStreamName: z.string().optional(),
  resourceRequirements: z.array(resourceRequirementSchema).optional(),
  networkInterfaces: z.array(networkInterfaceSchema).optional(),
});

/**
 * One task of a multi-container job (EcsTaskDetails under `ecsProperties.taskProperties[]`).
 * `containerInstanceArn`/`taskArn` appear once the task is placed.
 */
export const ecsTaskDetailSchema = z.looseObject({
  containers: z.array(taskContainerDetailSchema).optional(),
  containerInstanceArn: z.string().optional(),
  taskArn: z.string().optional(),
  platformVersion: z.string().optional(),
  executionRoleArn: z.string().optional(),
  taskRoleArn: z.string().optional(),
});

/** A container of a multi-container job attempt (AttemptTaskContainerDetails). */
const attemptTaskContainerSchema = z.looseObject({
  name: z.string().optional(),
  exitCode: z.number().int().optional(),
  reason: z.string().optional(),
  logStreamName: z.string().optional(),
  networkInterfaces: z.array(networkInterfaceSchema).optional(),
});

/** A job attempt (AttemptDetail): `container` for single-container jobs, `taskProperties` for multi-container ones. */
export const attemptDetailSchema = z.looseObject({
  container: z
    .looseObject({
      containerInstanceArn: z.string().optional(),
      taskArn: z.string().optional(),
      exitCode: z.number().int().optional(),
      reason: z.string().optional(),
      logStreamName: z.string().optional(),
      networkInterfaces: z.array(networkInterfaceSchema).optional(),
    })
    .optional(),
  taskProperties: z
    .array(
      z.looseObject({
        containerInstanceArn: z.string().optional(),
        taskArn: z.string().optional(),
        containers: z.array(attemptTaskContainerSchema).optional(),
      }),
    )
    .optional(),
  startedAt: z.number().optional(),
  stoppedAt: z.number().optional(),
  statusReason: z.string().optional(),
});

const eksContainerSchema = z.looseObject({
  name: z.string().optional(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  exitCode: z.number().int().optional(),
  reason: z.string().optional(),
});

/** `eksProperties` of a job that runs on Amazon EKS (EksPropertiesDetail); pod and node names appear once placed. */
export const eksPropertiesDetailSchema = z.looseObject({
  podProperties: z
    .looseObject({
      podName: z.string().optional(),
      nodeName: z.string().optional(),
      serviceAccountName: z.string().optional(),
      hostNetwork: z.boolean().optional(),
      dnsPolicy: z.string().optional(),
      containers: z.array(eksContainerSchema).optional(),
      initContainers: z.array(eksContainerSchema).optional(),
      metadata: z.looseObject({ labels: z.record(z.string(), z.string()).optional() }).optional(),
    })
    .optional(),
});

/** An attempt of an EKS job (EksAttemptDetail). */
export const eksAttemptDetailSchema = z.looseObject({
  podName: z.string().optional(),
  nodeName: z.string().optional(),
  podNamespace: z.string().optional(),
  eksClusterArn: z.string().optional(),
  containers: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        containerID: z.string().optional(),
        exitCode: z.number().int().optional(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
  startedAt: z.number().optional(),
  stoppedAt: z.number().optional(),
  statusReason: z.string().optional(),
});

/**
 * `arrayProperties` (ArrayPropertiesDetail): a parent carries `size` and `statusSummary`
 * (children per state), a child carries its `index`.
 */
export const arrayPropertiesDetailSchema = z.looseObject({
  size: z.number().int().optional(),
  index: z.number().int().optional(),
  statusSummary: z.record(z.string(), z.number()).optional(),
});

/** `nodeProperties` of a multi-node parallel job (NodeProperties). */
export const nodePropertiesSchema = z.looseObject({
  numNodes: z.number().int().optional(),
  mainNode: z.number().int().optional(),
  nodeRangeProperties: z
    .array(z.looseObject({ targetNodes: z.string().optional(), container: containerDetailSchema.optional() }))
    .optional(),
});

/** `nodeDetails` of one node of a multi-node parallel job (NodeDetails). */
export const nodeDetailsSchema = z.looseObject({
  nodeIndex: z.number().int().optional(),
  isMainNode: z.boolean().optional(),
});

/**
 * The fields of a Batch JobDetail, every one optional: each family decides which of them its
 * pipeline cannot work without.
 */
export const jobDetailShape = {
  jobArn: z.string().optional(),
  jobName: z.string().optional(),
  jobId: z.string().optional(),
  jobQueue: z.string().optional(),
  status: jobStatusSchema.optional(),
  statusReason: z.string().optional(),
  shareIdentifier: z.string().optional(),
  schedulingPriority: z.number().optional(),
  attempts: z.array(attemptDetailSchema).optional(),
  createdAt: z.number().optional(),
  startedAt: z.number().optional(),
  stoppedAt: z.number().optional(),
  retryStrategy: z.looseObject({ attempts: z.number().int().optional() }).optional(),
  dependsOn: z.array(z.looseObject({ jobId: z.string().optional(), type: z.string().optional() })).optional(),
  jobDefinition: z.string().optional(),
  parameters: z.record(z.string(), z.string()).optional(),
  container: containerDetailSchema.optional(),
  ecsProperties: z.looseObject({ taskProperties: z.array(ecsTaskDetailSchema).optional() }).optional(),
  eksProperties: eksPropertiesDetailSchema.optional(),
  eksAttempts: z.array(eksAttemptDetailSchema).optional(),
  nodeProperties: nodePropertiesSchema.optional(),
  nodeDetails: nodeDetailsSchema.optional(),
  arrayProperties: arrayPropertiesDetailSchema.optional(),
  timeout: z.looseObject({ attemptDurationSeconds: z.number().optional() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  propagateTags: z.boolean().optional(),
  platformCapabilities: z.array(z.string()).optional(),
  isCancelled: z.boolean().optional(),
  isTerminated: z.boolean().optional(),
};

/**
 * The shapes a Batch job takes in events:
 * - `container`: single-container job on EC2 (`container`, placed on a container instance);
 * - `fargate`: single-container job on Fargate (`platformCapabilities: ["FARGATE"]`, no container instance);
 * - `multiContainer`: job defined with ECS properties (`ecsProperties.taskProperties[]`, placed like `container`);
 * - `multiNode`: multi-node parallel job (`nodeProperties.numNodes`, and `nodeDetails` on each node);
 * - `arrayParent`: array job parent (`arrayProperties.size`; never placed itself);
 * - `arrayChild`: array job child (`arrayProperties.index`);
 * - `eks`: job on Amazon EKS (`eksProperties.podProperties` or `eksAttempts[]`, pod and node instead of ECS data).
 */
export const JOB_SHAPES = ['container', 'fargate', 'multiContainer', 'multiNode', 'arrayParent', 'arrayChild', 'eks'] as const;

/** One of {@link JOB_SHAPES}. */
export type JobShape = (typeof JOB_SHAPES)[number];

/** The JobDetail fields {@link jobShapeOf} looks at. */
export interface JobShapeFields {
  readonly platformCapabilities?: readonly string[];
  readonly arrayProperties?: { readonly size?: number; readonly index?: number };
  readonly nodeProperties?: { readonly numNodes?: number };
  readonly nodeDetails?: { readonly nodeIndex?: number; readonly isMainNode?: boolean };
  readonly eksProperties?: { readonly podProperties?: object };
  readonly eksAttempts?: readonly object[];
  readonly ecsProperties?: { readonly taskProperties?: readonly object[] };
}

const hasEntries = (value: object | undefined): boolean => value !== undefined && Object.keys(value).length > 0;

/**
 * Whether the job runs on Amazon EKS: its pod properties or EKS attempts say so. Real events of ECS
 * jobs carry `eksAttempts: []` (captures of 2025 in aws-samples/aws-batch-runtime-monitoring), so
 * the mere presence of an EKS field proves nothing.
 */
function runsOnEks(detail: Pick<JobShapeFields, 'eksProperties' | 'eksAttempts'>): boolean {
  return hasEntries(detail.eksProperties?.podProperties) || (detail.eksAttempts?.length ?? 0) > 0;
}

/**
 * Which shape a job detail has, decided by what the event says the job is, never by a field
 * merely being present: real events carry other shapes' fields as empty values (`eksAttempts: []`,
 * `platformCapabilities: []`, `nodeProperties` or `arrayProperties` without content). Array and
 * multi-node markers win over the launch platform, since they decide whether the job is placed at
 * all.
 *
 * @example
 * ```ts
 * jobShapeOf(buildJobStateChange({ shape: 'fargate' }).detail); // 'fargate'
 * jobShapeOf({ eksAttempts: [], platformCapabilities: ['EC2'] }); // 'container'
 * ```
 */
export function jobShapeOf(detail: JobShapeFields): JobShape {
  if (typeof detail.arrayProperties?.index === 'number') return 'arrayChild';
  if (typeof detail.arrayProperties?.size === 'number') return 'arrayParent';
  const node = detail.nodeDetails;
  if (typeof node?.nodeIndex === 'number' || typeof node?.isMainNode === 'boolean') return 'multiNode';
  if ((detail.nodeProperties?.numNodes ?? 0) > 0) return 'multiNode';
  if (runsOnEks(detail)) return 'eks';
  if ((detail.ecsProperties?.taskProperties?.length ?? 0) > 0) return 'multiContainer';
  if (detail.platformCapabilities?.includes('FARGATE') === true) return 'fargate';
  return 'container';
}
