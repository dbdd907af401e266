import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AutoScalingRecorder } from '../autoscaling/autoscaling-recorder';
import { startLocalDynamoDb, type LocalDynamoDb } from '../dynamodb/local-dynamodb';
import { LocalEventBus, targetInput, toEventEnvelope, type EventBridgeEnvelope } from '../eventbridge/event-bus';
import { ScheduleClock } from '../eventbridge/schedule-clock';
import type { JsonValue } from '../json';
import { SqsEventSourcePoller, type LambdaInvocation, type SqsBatchHandler } from '../sqs/event-source-mapping';
import { LocalQueues } from '../sqs/local-queue';
import { allStates } from '../stepfunctions/asl';
import { FaultInjector } from '../stepfunctions/faults';
import { LocalWorkflow, type ExecutionResult, type TaskOverride } from '../stepfunctions/local-workflow';
import { loadTemplate, type LoadTemplateOptions, type LocalTemplate } from '../template/load-template';
import { constructIdOf } from '../template/local-names';
import type { LocalRuleSpec } from '../template/model';

/** Options of {@link createLocalPipeline}. */
export interface LocalPipelineOptions {
  /** The synthesized template: its path, its parsed JSON, or a template already loaded with `loadTemplate`. */
  readonly template: string | object | LocalTemplate;
  /** The Lambda handler that consumes every SQS event source mapping of the template (e.g. the metrics handler). */
  readonly handler?: SqsBatchHandler;
  /** Handlers by function logical id, function name or CDK construct id, when functions differ; they take precedence over `handler`. */
  readonly handlers?: Readonly<Record<string, SqsBatchHandler>>;
  /** Wait states and retry intervals: 0 instant, 1 real time (see {@link LocalWorkflowOptions.timeScale}). @default 0 */
  readonly timeScale?: number;
  /** State transitions after which an execution is stopped as a runaway loop. @default 5000 */
  readonly maxStateTransitions?: number;
  /** Local functions for Task states the emulator has no integration for, by state name. */
  readonly taskOverrides?: Readonly<Record<string, TaskOverride>>;
  /** Whether execution results carry their history (turn off for long benchmarks). @default true */
  readonly recordHistory?: boolean;
  /** How template parameters, imports and the stack name resolve. */
  readonly templateOptions?: LoadTemplateOptions;
  /**
   * On a queue without a redrive policy, how many times a failing message is redelivered before
   * `drain()` gives up with an error (SQS itself would retry until the retention period ends).
   * @default 10
   */
  readonly maxReceivesWithoutDlq?: number;
  /**
   * How many of the latest Lambda invocations and unrouted events are kept for inspection; older
   * ones are dropped, so a replay of millions of events runs in bounded memory. An invocation
   * holds its batch's message ids: about 50 KB for 100 messages (measured 490 bytes per
   * `randomUUID()` string, which V8 keeps as a rope of its pieces).
   * @default 1000
   */
  readonly retainedRecords?: number;
  /** Where probabilistic injected faults draw from (pass a seeded generator for reproducible runs). @default Math.random */
  readonly faultRandom?: () => number;
  /**
   * At most this many boundaries of one scheduled rule are fired when an event's time jumps past
   * several: the latest ones (see `ScheduleClock`). @default 10
   */
  readonly maxScheduledFiringsPerGap?: number;
}

/** Appends to a list that keeps about its `limit` latest items (trimmed in chunks: amortized O(1)). */
function appendBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > 2 * limit) list.splice(0, list.length - limit);
}

/** A target of a matched rule that the emulator did not run. */
export interface SkippedTarget {
  readonly rule: string;
  readonly targetId: string;
  readonly arn: string;
  readonly reason: string;
}

/** What publishing one event did. */
export interface PublishResult {
  /** The event as delivered (envelope completed). */
  readonly event: EventBridgeEnvelope;
  /** Names of the rules the event matched (`Name`, else the CDK construct id). */
  readonly matchedRules: readonly string[];
  /** True when no rule matched: the event went nowhere. */
  readonly unrouted: boolean;
  /** One execution per state machine target of each matched rule, run to their end. */
  readonly executions: readonly ExecutionResult[];
  readonly skippedTargets: readonly SkippedTarget[];
  /**
   * Executions of scheduled rules whose boundary the event's time crossed, run before the event
   * was routed (see {@link LocalPipeline.advanceTo}).
   */
  readonly scheduled: readonly ScheduledRun[];
}

/** What firing one scheduled rule did. */
export interface ScheduledRun {
  /** The rule's name. */
  readonly rule: string;
  /** The `Scheduled Event` its targets got (its `time` is the boundary). */
  readonly event: EventBridgeEnvelope;
  readonly executions: readonly ExecutionResult[];
  readonly skippedTargets: readonly SkippedTarget[];
}

/** What one `drain()` delivered. */
export interface DrainSummary {
  readonly batches: number;
  readonly recordsDelivered: number;
  readonly messagesDeleted: number;
  /** Records whose processing failed (reported in batchItemFailures, or in a failed batch): back to the queue. */
  readonly messagesFailed: number;
  readonly messagesMovedToDlq: number;
}

/** Counters since the pipeline started. */
export interface PipelineStats {
  readonly eventsPublished: number;
  readonly eventsUnrouted: number;
  readonly executionsStarted: number;
  readonly executionsSucceeded: number;
  readonly executionsFailed: number;
  readonly executionsTimedOut: number;
  readonly messagesSent: number;
  readonly batchesDelivered: number;
  readonly recordsDelivered: number;
  readonly messagesDeleted: number;
  readonly messagesFailed: number;
  readonly messagesMovedToDlq: number;
  readonly handlerErrors: number;
  /** Firings of scheduled rules (their executions are counted with the others). */
  readonly scheduledFirings: number;
  /** Boundaries of scheduled rules not fired because an event's time jumped past more than the bound. */
  readonly scheduledFiringsSkipped: number;
}

/** The whole local pipeline: EventBridge rules → Step Functions → DynamoDB / SQS → Lambda. */
export interface LocalPipeline {
  /** The loaded template. */
  readonly template: LocalTemplate;
  /** A DynamoDB client pointed at the local DynamoDB. */
  readonly dynamo: DynamoDBClient;
  /** The local DynamoDB (endpoint, more clients, `items(table)`). */
  readonly dynamodb: LocalDynamoDb;
  /** The local queues (`get('MetricsQueue').bodies()`, `.dlq`...). */
  readonly queues: LocalQueues;
  /** Auto Scaling calls the workflows made. */
  readonly autoscaling: AutoScalingRecorder;
  /** Faults to inject into Task calls. */
  readonly faults: FaultInjector;
  /** The latest handler invocations (see `retainedRecords`), oldest first. */
  readonly invocations: readonly LambdaInvocation[];
  /** The latest events that matched no rule (see `retainedRecords`), oldest first. */
  readonly unroutedEvents: readonly EventBridgeEnvelope[];
  /**
   * Routes an event through the rules and runs every matched target's execution to its end. When
   * the event's time crosses boundaries of the template's scheduled rules (`rate(…)`), those rules
   * fire first, one firing per boundary, oldest first: simulated time drives the schedules.
   */
  publish(event: unknown): Promise<PublishResult>;
  /**
   * Fires the scheduled rules whose boundaries lie between the latest event time and `time` (ISO
   * 8601 or epoch milliseconds), as an event at that time would, without routing an event: e.g.
   * to publish the last minute's levels at the end of a replay.
   */
  advanceTo(time: string | number): Promise<ScheduledRun[]>;
  /** Publishes events one after the other (in order, as a replay). */
  publishAll(events: Iterable<unknown>): Promise<PublishResult[]>;
  /** Runs a state machine directly, bypassing the rules. */
  startExecution(stateMachine: string, input: JsonValue): Promise<ExecutionResult>;
  /** Delivers queued messages to the handlers until every consumed queue is empty (redeliveries included). */
  drain(): Promise<DrainSummary>;
  /** Counters since the pipeline started. */
  stats(): PipelineStats;
  /** Stops the local DynamoDB. */
  close(): Promise<void>;
}

/**
 * Builds the local pipeline from a synthesized template: DynamoDB tables in dynalite, in-memory
 * queues, state machines run by aws-local-stepfunctions with their Task states mapped to local
 * calls, the rules' event patterns, and the SQS event source mappings delivering to `handler`.
 *
 * @example
 * ```ts
 * const pipeline = await createLocalPipeline({ template: 'apps/infra/cdk.out/Batchmon.template.json', handler });
 * const { matchedRules, executions } = await pipeline.publish(jobStateChangeEvent);
 * await pipeline.drain();
 * await pipeline.close();
 * ```
 */
export async function createLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const template = isLocalTemplate(options.template) ? options.template : loadTemplate(options.template, options.templateOptions);
  const dynamodb = await startLocalDynamoDb({ tables: template.tables });
  try {
    return new Pipeline(template, dynamodb, options);
  } catch (error) {
    await dynamodb.close();
    throw error;
  }
}

function isLocalTemplate(value: unknown): value is LocalTemplate {
  return typeof value === 'object' && value !== null && 'stateMachines' in value && 'stateMachine' in value && typeof value.stateMachine === 'function';
}

class Pipeline implements LocalPipeline {
  readonly queues: LocalQueues;
  readonly autoscaling = new AutoScalingRecorder();
  readonly faults: FaultInjector;
  readonly invocations: LambdaInvocation[] = [];
  readonly unroutedEvents: EventBridgeEnvelope[] = [];
  private readonly workflows = new Map<string, LocalWorkflow>();
  private readonly bus: LocalEventBus;
  private readonly clock: ScheduleClock;
  private scheduledFirings = 0;
  private readonly pollers: { readonly poller?: SqsEventSourcePoller; readonly functionName: string; readonly queueLogicalId: string }[] = [];
  private readonly counts = { eventsPublished: 0, eventsUnrouted: 0, executionsStarted: 0, executionsSucceeded: 0, executionsFailed: 0, executionsTimedOut: 0 };
  private closed = false;
  private readonly retained: number;

  constructor(
    readonly template: LocalTemplate,
    readonly dynamodb: LocalDynamoDb,
    private readonly options: LocalPipelineOptions,
  ) {
    this.retained = options.retainedRecords ?? 1_000;
    this.faults = new FaultInjector(options.faultRandom);
    this.queues = new LocalQueues(template.queues, (key) => template.queue(key));
    const services = { dynamodb, queues: this.queues, autoscaling: this.autoscaling, faults: this.faults };
    const problems: string[] = [];
    const overridden = new Set<string>();
    for (const spec of template.stateMachines) {
      // Overrides are keyed by state name; each workflow takes those naming its own Task states.
      const taskStates = new Set(allStates(spec.definition, spec.logicalId).filter(({ state }) => state['Type'] === 'Task').map(({ name }) => name));
      const overrides = Object.fromEntries(Object.entries(options.taskOverrides ?? {}).filter(([name]) => taskStates.has(name)));
      for (const name of Object.keys(overrides)) overridden.add(name);
      try {
        this.workflows.set(
          spec.logicalId,
          new LocalWorkflow(spec, services, {
            ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
            ...(options.maxStateTransitions !== undefined ? { maxStateTransitions: options.maxStateTransitions } : {}),
            ...(options.recordHistory !== undefined ? { recordHistory: options.recordHistory } : {}),
            taskOverrides: overrides,
          }),
        );
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    for (const name of Object.keys(options.taskOverrides ?? {})) {
      if (!overridden.has(name)) problems.push(`taskOverrides: expected "${name}" to name a Task state of a state machine in the template, found none`);
    }
    if (problems.length > 0) throw new Error(`The template's state machines cannot run locally:\n${problems.join('\n')}`);
    this.bus = new LocalEventBus(template.rules);
    this.clock = new ScheduleClock(template.rules, options.maxScheduledFiringsPerGap);
    for (const mapping of template.eventSourceMappings.filter((m) => m.enabled)) {
      const fn = template.functions.find((candidate) => candidate.logicalId === mapping.functionLogicalId);
      const keys = [mapping.functionLogicalId, mapping.functionName, mapping.functionLogicalId && constructIdOf(mapping.functionLogicalId)];
      const handler = keys.map((key) => (key ? options.handlers?.[key] : undefined)).find((h) => h !== undefined) ?? options.handler;
      const queue = this.queues.get(mapping.queueLogicalId);
      this.pollers.push({
        functionName: mapping.functionName,
        queueLogicalId: mapping.queueLogicalId,
        ...(handler ? { poller: new SqsEventSourcePoller(mapping, queue, handler, (invocation) => appendBounded(this.invocations, invocation, this.retained), fn?.timeoutSeconds, this.faults) } : {}),
      });
    }
  }

  get dynamo(): DynamoDBClient {
    return this.dynamodb.client;
  }

  async publish(event: unknown): Promise<PublishResult> {
    this.assertOpen('publish');
    const envelope = toEventEnvelope(event);
    const scheduled = await this.fireSchedules(Date.parse(envelope.time));
    this.counts.eventsPublished++;
    const rules = this.bus.match(envelope);
    if (rules.length === 0) {
      this.counts.eventsUnrouted++;
      appendBounded(this.unroutedEvents, envelope, this.retained);
    }
    const { executions, skippedTargets } = await this.runTargets(rules, envelope);
    return { event: envelope, matchedRules: rules.map((rule) => rule.name), unrouted: rules.length === 0, executions, skippedTargets, scheduled };
  }

  async advanceTo(time: string | number): Promise<ScheduledRun[]> {
    this.assertOpen('advanceTo');
    const at = typeof time === 'number' ? time : Date.parse(time);
    if (Number.isNaN(at)) throw new Error(`advanceTo(): expected an ISO 8601 time or epoch milliseconds, found ${JSON.stringify(time)}`);
    return this.fireSchedules(at);
  }

  /** Fires, oldest first, every scheduled boundary that `time` crosses. */
  private async fireSchedules(time: number): Promise<ScheduledRun[]> {
    const runs: ScheduledRun[] = [];
    for (const firing of this.clock.advance(time)) {
      this.scheduledFirings++;
      const { executions, skippedTargets } = await this.runTargets([firing.rule], firing.event);
      runs.push({ rule: firing.rule.name, event: firing.event, executions, skippedTargets });
    }
    return runs;
  }

  /** Runs the targets of matched (or fired) rules for one event. */
  private async runTargets(rules: readonly LocalRuleSpec[], envelope: EventBridgeEnvelope): Promise<{ executions: ExecutionResult[]; skippedTargets: SkippedTarget[] }> {
    const skippedTargets: SkippedTarget[] = [];
    const runs: Promise<ExecutionResult>[] = [];
    for (const rule of rules) {
      for (const target of rule.targets) {
        const input = targetInput(target, rule, envelope);
        const workflow = target.kind === 'stateMachine' && target.logicalId ? this.workflows.get(target.logicalId) : undefined;
        if (workflow) {
          runs.push(this.run(workflow, input));
        } else if (target.kind === 'queue' && target.logicalId) {
          this.queues.get(target.logicalId).send({ MessageBody: typeof input === 'string' ? input : JSON.stringify(input) });
        } else {
          skippedTargets.push({ rule: rule.name, targetId: target.id, arn: target.arn, reason: 'the emulator runs state machine and SQS targets only' });
        }
      }
    }
    // EventBridge invokes the targets of all matched rules independently, so they run concurrently.
    const executions = await Promise.all(runs);
    return { executions, skippedTargets };
  }

  async publishAll(events: Iterable<unknown>): Promise<PublishResult[]> {
    const results: PublishResult[] = [];
    for (const event of events) results.push(await this.publish(event));
    return results;
  }

  async startExecution(stateMachine: string, input: JsonValue): Promise<ExecutionResult> {
    this.assertOpen('startExecution');
    const spec = this.template.stateMachine(stateMachine);
    const workflow = this.workflows.get(spec.logicalId);
    if (!workflow) throw new Error(`startExecution: expected a local workflow for ${spec.logicalId}, found none`);
    return this.run(workflow, input);
  }

  async drain(): Promise<DrainSummary> {
    this.assertOpen('drain');
    const before = this.deliveryTotals();
    const limit = this.options.maxReceivesWithoutDlq ?? 10;
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const { poller, functionName, queueLogicalId } of this.pollers) {
        const queue = this.queues.get(queueLogicalId);
        if (queue.depth === 0) continue;
        if (!poller) {
          throw new Error(`drain(): expected a handler for function ${functionName} (options "handler" or "handlers"), found none; queue ${queue.spec.queueName} holds ${queue.depth} messages`);
        }
        progressed = (await poller.pollOnce()) || progressed;
        if (!queue.spec.redrivePolicy) {
          const stuck = queue.messages().find((message) => message.receiveCount >= limit);
          if (stuck) {
            const lastError = [...this.invocations].reverse().find((invocation) => invocation.failedMessageIds.includes(stuck.messageId))?.error;
            throw new Error(
              `drain(): message ${stuck.messageId} on queue ${queue.spec.queueName} failed ${stuck.receiveCount} times and the queue has no redrive policy, so SQS would keep redelivering it` +
                (lastError ? ` (last batch error: ${lastError})` : ' (reported in batchItemFailures)'),
            );
          }
        }
      }
    }
    const after = this.deliveryTotals();
    return {
      batches: after.batches - before.batches,
      recordsDelivered: after.recordsDelivered - before.recordsDelivered,
      messagesDeleted: after.messagesDeleted - before.messagesDeleted,
      messagesFailed: after.messagesReleased - before.messagesReleased,
      messagesMovedToDlq: after.messagesMovedToDlq - before.messagesMovedToDlq,
    };
  }

  stats(): PipelineStats {
    const delivery = this.deliveryTotals();
    const messagesSent = this.queues.list().reduce((sum, queue) => sum + queue.sentCount, 0);
    return {
      ...this.counts,
      messagesSent,
      batchesDelivered: delivery.batches,
      recordsDelivered: delivery.recordsDelivered,
      messagesDeleted: delivery.messagesDeleted,
      messagesFailed: delivery.messagesReleased,
      messagesMovedToDlq: delivery.messagesMovedToDlq,
      handlerErrors: delivery.handlerErrors,
      scheduledFirings: this.scheduledFirings,
      scheduledFiringsSkipped: this.clock.skippedFirings,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.dynamodb.close();
  }

  private async run(workflow: LocalWorkflow, input: JsonValue): Promise<ExecutionResult> {
    this.counts.executionsStarted++;
    const result = await workflow.start(input);
    if (result.status === 'SUCCEEDED') this.counts.executionsSucceeded++;
    else if (result.status === 'TIMED_OUT') this.counts.executionsTimedOut++;
    else this.counts.executionsFailed++;
    return result;
  }

  private deliveryTotals() {
    const totals = { batches: 0, recordsDelivered: 0, messagesDeleted: 0, messagesReleased: 0, messagesMovedToDlq: 0, handlerErrors: 0 };
    for (const { poller } of this.pollers) {
      if (!poller) continue;
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += poller.counters[key];
    }
    return totals;
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new Error(`${operation}(): expected an open pipeline, found it closed`);
  }
}
