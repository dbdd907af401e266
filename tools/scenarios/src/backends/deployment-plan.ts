import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { LOCAL_ACCOUNT_ID, LOCAL_PARTITION, type JsonObject, type JsonValue, type LocalKeyElement, type LocalRuleSpec, type LocalSecondaryIndexSpec, type LocalTemplate } from '@batchmon/emulator';
import { ScenarioBackendError } from '../errors';

/**
 * What a container backend creates from the synthesized template, resource by resource, with every
 * token already resolved by the emulator's template loader. The loader resolves to the account
 * `000000000000` in `us-east-1`, which is also LocalStack's and Step Functions Local's default
 * identity, so ARNs in the definitions (tables, queues, state machines) name what the backend
 * creates; only queue URLs differ (their host is the emulator's), and {@link withQueueUrls}
 * rewrites them once the queues exist.
 */
export interface DeploymentPlan {
  readonly tables: readonly PlannedTable[];
  readonly queues: readonly PlannedQueue[];
  readonly stateMachines: readonly PlannedStateMachine[];
  readonly rules: readonly PlannedRule[];
  readonly functions: readonly PlannedFunction[];
  readonly eventSourceMappings: readonly PlannedEventSourceMapping[];
}

/** A DynamoDB table: its CreateTable call, and the TTL attribute set after it. */
export interface PlannedTable {
  readonly logicalId: string;
  readonly createTable: CreateTableCommandInput;
  readonly timeToLiveAttribute?: string;
}

/** An SQS queue: its name, the URL and ARN the definitions use for it, and its CreateQueue attributes. */
export interface PlannedQueue {
  readonly logicalId: string;
  /** The name to create: the template's, with `.fifo` appended to a FIFO queue's when it lacks it. */
  readonly queueName: string;
  /** Its ARN in the backend's account. */
  readonly arn: string;
  /** The URL the template's tokens resolved to; {@link withQueueUrls} swaps it for the backend's. */
  readonly templateUrl: string;
  /** The ARN the template's tokens resolved to (differs from `arn` when `.fifo` was appended). */
  readonly templateArn: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A state machine, created as STANDARD so its executions can be described and their history read. */
export interface PlannedStateMachine {
  readonly logicalId: string;
  readonly name: string;
  /** Its ARN in the backend's account (the same the template resolved to). */
  readonly arn: string;
  /** The type the template declares; the backend always creates STANDARD (see {@link planDeployment}). */
  readonly templateType: 'EXPRESS' | 'STANDARD';
  readonly definition: JsonObject;
}

/** An EventBridge rule: its pattern (PutRule) and the state machines its targets start. */
export interface PlannedRule {
  readonly logicalId: string;
  readonly name: string;
  readonly eventBusName: string;
  /** The pattern as PutRule takes it (JSON text). */
  readonly eventPattern: string;
  /** The rule as the template declares it, for computing each target's input. */
  readonly rule: LocalRuleSpec;
}

/** The metrics Lambda function: what CreateFunction needs beyond the code. */
export interface PlannedFunction {
  readonly logicalId: string;
  readonly functionName: string;
  readonly runtime: string;
  readonly handler: string;
  readonly timeoutSeconds: number;
  /** `Environment.Variables`, resolved (queue URLs rewritten by {@link withQueueUrls}). */
  readonly environment: Readonly<Record<string, string>>;
}

/** An SQS → Lambda event source mapping. */
export interface PlannedEventSourceMapping {
  readonly queueLogicalId: string;
  readonly functionName: string;
  readonly batchSize: number;
  readonly reportBatchItemFailures: boolean;
}

/** What SQS requires at the end of a FIFO queue's name. */
const FIFO_SUFFIX = '.fifo';

/** The role every created state machine and function names; neither container emulator enforces IAM by default. */
export const EMULATOR_ROLE_ARN = `arn:${LOCAL_PARTITION}:iam::${LOCAL_ACCOUNT_ID}:role/batchmon-emulator`;

/**
 * Translates a loaded template into what a container backend creates.
 *
 * State machines are created as STANDARD whatever the template says: only Standard executions can
 * be read back with DescribeExecution and GetExecutionHistory ("Standard and Express workflow
 * types", https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html), and
 * the scenarios read each execution's status and visited states. The definitions are unchanged.
 *
 * @throws ScenarioBackendError when a queue's dead-letter queue is not one of the template's.
 * @example
 * const plan = planDeployment(loadTemplate(synthesizeTemplate()));
 * plan.stateMachines.map((machine) => machine.name); // ['JobStatesWorkflow', …]
 */
export function planDeployment(template: LocalTemplate): DeploymentPlan {
  const tables = template.tables.map(
    (table): PlannedTable => ({
      logicalId: table.logicalId,
      createTable: {
        TableName: table.tableName,
        // The stack's tables are on-demand; so are the created ones (no throughput to guess).
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [...table.keySchema],
        AttributeDefinitions: [...table.attributeDefinitions],
        ...(table.globalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes: table.globalSecondaryIndexes.map(indexInput) } : {}),
        ...(table.localSecondaryIndexes.length > 0 ? { LocalSecondaryIndexes: table.localSecondaryIndexes.map(indexInput) } : {}),
      },
      ...(table.timeToLiveAttribute === undefined ? {} : { timeToLiveAttribute: table.timeToLiveAttribute }),
    }),
  );

  // A FIFO queue's name must end in .fifo (SQS CreateQueue, "QueueName",
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html);
  // CloudFormation appends it to the names it generates, which the loader's local names are not.
  const plannedArn = new Map(template.queues.map((queue) => [queue.arn, queue.fifo && !queue.queueName.endsWith(FIFO_SUFFIX) ? `${queue.arn}${FIFO_SUFFIX}` : queue.arn]));
  // Dead-letter queues first: a queue's RedrivePolicy names its DLQ, which must exist already.
  const queues = [...template.queues]
    .sort((a, b) => Number(a.redrivePolicy !== undefined) - Number(b.redrivePolicy !== undefined))
    .map((queue): PlannedQueue => {
      const arn = plannedArn.get(queue.arn) ?? queue.arn;
      const attributes: Record<string, string> = { VisibilityTimeout: String(queue.visibilityTimeoutSeconds) };
      if (queue.fifo) attributes['FifoQueue'] = 'true';
      if (queue.redrivePolicy) {
        const deadLetterTargetArn = plannedArn.get(queue.redrivePolicy.deadLetterTargetArn);
        if (deadLetterTargetArn === undefined) {
          throw new ScenarioBackendError(
            `${queue.logicalId}.RedrivePolicy.deadLetterTargetArn: expected a queue of the template, found "${queue.redrivePolicy.deadLetterTargetArn}"`,
          );
        }
        attributes['RedrivePolicy'] = JSON.stringify({ deadLetterTargetArn, maxReceiveCount: queue.redrivePolicy.maxReceiveCount });
      }
      return { logicalId: queue.logicalId, queueName: arn.split(':').at(-1) ?? queue.queueName, arn, templateUrl: queue.url, templateArn: queue.arn, attributes };
    });

  const stateMachines = template.stateMachines.map(
    (machine): PlannedStateMachine => ({ logicalId: machine.logicalId, name: machine.name, arn: machine.arn, templateType: machine.type, definition: machine.definition }),
  );

  // A rule the emulator would never match (disabled, scheduled) is not created either.
  const rules = template.rules
    .filter((rule) => rule.enabled && rule.eventPattern !== undefined && rule.targets.some((target) => target.kind === 'stateMachine'))
    .map((rule): PlannedRule => ({ logicalId: rule.logicalId, name: rule.name, eventBusName: rule.eventBusName, eventPattern: JSON.stringify(rule.eventPattern), rule }));

  const mappedFunctions = new Set(template.eventSourceMappings.map((mapping) => mapping.functionLogicalId));
  const functions = template.functions
    .filter((fn) => mappedFunctions.has(fn.logicalId))
    .map(
      (fn): PlannedFunction => ({
        logicalId: fn.logicalId,
        functionName: fn.functionName,
        runtime: fn.runtime ?? 'nodejs22.x',
        // The bundle is one file, index.js, exporting the handler under the name the template gives.
        handler: `index.${(fn.handler ?? 'index.handler').split('.').at(-1) ?? 'handler'}`,
        timeoutSeconds: fn.timeoutSeconds,
        environment: fn.environment,
      }),
    );

  const eventSourceMappings = template.eventSourceMappings
    .filter((mapping) => mapping.enabled && mapping.functionLogicalId !== undefined)
    .map(
      (mapping): PlannedEventSourceMapping => ({
        queueLogicalId: mapping.queueLogicalId,
        functionName: mapping.functionName,
        batchSize: mapping.batchSize,
        reportBatchItemFailures: mapping.reportBatchItemFailures,
      }),
    );

  return { tables, queues, stateMachines, rules, functions, eventSourceMappings };
}

/** A secondary index as CreateTable takes it (mutable copies of the loader's readonly lists). */
function indexInput(index: LocalSecondaryIndexSpec): { IndexName: string; KeySchema: LocalKeyElement[]; Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] } } {
  const { ProjectionType, NonKeyAttributes } = index.Projection;
  return {
    IndexName: index.IndexName,
    KeySchema: [...index.KeySchema],
    Projection: { ...(ProjectionType === undefined ? {} : { ProjectionType }), ...(NonKeyAttributes === undefined ? {} : { NonKeyAttributes: [...NonKeyAttributes] }) },
  };
}

/**
 * Replaces each template queue URL (and ARN) inside a value (a definition, an environment) with
 * what the backend gave the queue; everything else is kept as it is. Longer keys are replaced
 * first, so a URL is never half-replaced by a shorter one it starts with.
 *
 * @param urls the backend's URL or ARN by the template's.
 * @example
 * withQueueUrls({ QueueUrl: 'http://sqs.local/000000000000/MetricsQueue' }, new Map([['http://sqs.local/000000000000/MetricsQueue', 'http://localhost:4566/000000000000/MetricsQueue']]));
 */
export function withQueueUrls<T extends JsonValue | Readonly<Record<string, string>>>(value: T, urls: ReadonlyMap<string, string>): T {
  const ordered = [...urls].sort(([a], [b]) => b.length - a.length);
  const swap = (item: JsonValue): JsonValue => {
    if (typeof item === 'string') {
      let out = item;
      for (const [from, to] of ordered) out = out.split(from).join(to);
      return out;
    }
    if (Array.isArray(item)) return item.map(swap);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, swap(inner)]));
    return item;
  };
  return swap(value as JsonValue) as T;
}
