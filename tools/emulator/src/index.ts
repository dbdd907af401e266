/**
 * @packageDocumentation
 * Local emulation of the batchmon pipeline: the state machines, rules, tables and queues of a
 * synthesized CloudFormation template, run on this machine (dynalite, aws-local-stepfunctions,
 * in-memory SQS) with the real Lambda handler at the end.
 */
export { createLocalPipeline } from './pipeline/local-pipeline';
export type { DrainSummary, LocalPipeline, LocalPipelineOptions, PipelineStats, PublishResult, ScheduledRun, SkippedTarget } from './pipeline/local-pipeline';

export { loadTemplate } from './template/load-template';
export type { LoadTemplateOptions, LocalTemplate } from './template/load-template';
export { IntrinsicResolver } from './template/intrinsics';
export type { IntrinsicResolverOptions } from './template/intrinsics';
export { constructIdOf, localQueueArn, localQueueUrl, localStateMachineArn, localTableArn } from './template/local-names';
export type * from './template/model';

export { startLocalDynamoDb } from './dynamodb/local-dynamodb';
export type { DynamoDbCallWrapper, DynamoDbSend, LocalDynamoDb, StartLocalDynamoDbOptions } from './dynamodb/local-dynamodb';
export { attributeValueSize, itemSize, numberSize, readUnits, writeUnits, READ_UNIT_BYTES, WRITE_UNIT_BYTES } from './dynamodb/item-size';
export type { DynamoDbOperation } from './dynamodb/dynalite-server';

export { allStates } from './stepfunctions/asl';
export type { FoundState } from './stepfunctions/asl';
export { acceptDefinitionDigests, acceptedDefinitionDigests, LocalWorkflow } from './stepfunctions/local-workflow';
export type { ExecutionHistoryEvent, ExecutionResult, ExecutionStatus, LocalWorkflowOptions, TaskOverride, WorkflowServices } from './stepfunctions/local-workflow';
export { integrationFor, SERVICE_INTEGRATIONS } from './stepfunctions/integrations';
export type { IntegrationContext, ServiceIntegration } from './stepfunctions/integrations';
export { LocalRuntimeError } from './errors';
export { TaskError } from './errors';
export { FaultInjector } from './stepfunctions/faults';
export type { FaultSpec, FaultTiming, LambdaFaultSpec, LambdaFaultTiming } from './stepfunctions/faults';

export { LocalQueue, LocalQueues } from './sqs/local-queue';
export { SqsError } from './errors';
export type { LocalQueueMessage, ReceivedMessage, SendMessageInput, SendMessageOutput } from './sqs/local-queue';
export { SqsEventSourcePoller } from './sqs/event-source-mapping';
export type { DeliveryCounters, LambdaInvocation, SqsBatchHandler } from './sqs/event-source-mapping';

export { compileEventPattern, matchesEventPattern } from './eventbridge/event-pattern';
export type { EventMatcher, EventPattern } from './eventbridge/event-pattern';
export { LocalEventBus, targetInput, toEventEnvelope } from './eventbridge/event-bus';
export type { EventBridgeEnvelope } from './eventbridge/event-bus';
export { ScheduleClock, ratePeriodMs } from './eventbridge/schedule-clock';
export type { ScheduledFiring } from './eventbridge/schedule-clock';

export { AutoScalingRecorder } from './autoscaling/autoscaling-recorder';
export type { EnableMetricsCollectionCall } from './autoscaling/autoscaling-recorder';

export * from './constants';
export { isRecord } from './json';
export type { JsonObject, JsonPrimitive, JsonValue } from './json';
