import type { JsonObject } from '../json';

/** A DynamoDB key element (`KeySchema` item). */
export interface LocalKeyElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

/** A DynamoDB attribute definition (`AttributeDefinitions` item). */
export interface LocalAttributeDefinition {
  readonly AttributeName: string;
  readonly AttributeType: 'S' | 'N' | 'B';
}

/** A secondary index of a table. */
export interface LocalSecondaryIndexSpec {
  readonly IndexName: string;
  readonly KeySchema: readonly LocalKeyElement[];
  readonly Projection: { readonly ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; readonly NonKeyAttributes?: readonly string[] };
}

/** A DynamoDB table of the template (`AWS::DynamoDB::Table` or `AWS::DynamoDB::GlobalTable`). */
export interface LocalTableSpec {
  readonly logicalId: string;
  /** `TableName` when the template sets it, else the logical id. */
  readonly tableName: string;
  readonly arn: string;
  readonly keySchema: readonly LocalKeyElement[];
  readonly attributeDefinitions: readonly LocalAttributeDefinition[];
  readonly globalSecondaryIndexes: readonly LocalSecondaryIndexSpec[];
  readonly localSecondaryIndexes: readonly LocalSecondaryIndexSpec[];
  /** The TTL attribute, when enabled. Recorded only: the local DynamoDB does not expire items. */
  readonly timeToLiveAttribute?: string;
}

/** An SQS queue of the template. */
export interface LocalQueueSpec {
  readonly logicalId: string;
  /** `QueueName` when the template sets it, else the logical id. */
  readonly queueName: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** @default 30 (SQS's default) */
  readonly visibilityTimeoutSeconds: number;
  /** Where messages go after `maxReceiveCount` receives (`RedrivePolicy`). */
  readonly redrivePolicy?: { readonly deadLetterTargetArn: string; readonly maxReceiveCount: number };
}

/** A Lambda function of the template (recorded so callers can give its handler its environment). */
export interface LocalFunctionSpec {
  readonly logicalId: string;
  readonly functionName: string;
  readonly arn: string;
  readonly handler?: string;
  readonly runtime?: string;
  /** `Environment.Variables`, resolved. */
  readonly environment: Readonly<Record<string, string>>;
  /** @default 3 (Lambda's default) */
  readonly timeoutSeconds: number;
}

/** An SQS → Lambda event source mapping of the template. */
export interface LocalEventSourceMappingSpec {
  readonly logicalId: string;
  readonly queueLogicalId: string;
  /** The function's logical id when it is in the template. */
  readonly functionLogicalId?: string;
  readonly functionName: string;
  /** @default 10 */
  readonly batchSize: number;
  /** @default 0 */
  readonly maximumBatchingWindowInSeconds: number;
  /** Whether `FunctionResponseTypes` includes `ReportBatchItemFailures` (else `batchItemFailures` are ignored, as Lambda does). */
  readonly reportBatchItemFailures: boolean;
  readonly enabled: boolean;
}

/** A state machine of the template with its definition parsed. */
export interface LocalStateMachineSpec {
  readonly logicalId: string;
  /** `StateMachineName` when the template sets it, else the CDK construct id (the logical id without its hash). */
  readonly name: string;
  readonly arn: string;
  readonly type: 'EXPRESS' | 'STANDARD';
  /** The Amazon States Language definition with every template token resolved. */
  readonly definition: JsonObject;
}

/** A target of an EventBridge rule. */
export interface LocalRuleTargetSpec {
  readonly id: string;
  readonly arn: string;
  /** What the target is locally: a state machine or queue of the template, or something not emulated. */
  readonly kind: 'stateMachine' | 'queue' | 'unsupported';
  /** The state machine's or queue's logical id. */
  readonly logicalId?: string;
  /** `Input`: a constant JSON text sent instead of the event. */
  readonly input?: string;
  /** `InputPath`: the part of the event sent. */
  readonly inputPath?: string;
  /** `InputTransformer`. */
  readonly inputTransformer?: { readonly inputPathsMap: Readonly<Record<string, string>>; readonly inputTemplate: string };
}

/** An EventBridge rule of the template. */
export interface LocalRuleSpec {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly eventBusName: string;
  readonly enabled: boolean;
  /** The event pattern; absent for scheduled rules, which events never match. */
  readonly eventPattern?: JsonObject;
  /** `ScheduleExpression` of a scheduled rule (`rate(1 minute)`, `cron(…)`): the pipeline fires it on simulated time. */
  readonly scheduleExpression?: string;
  readonly targets: readonly LocalRuleTargetSpec[];
}
