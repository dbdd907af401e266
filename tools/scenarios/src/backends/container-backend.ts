import { randomUUID } from 'node:crypto';
import { CloudWatchLogsClient, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, UpdateTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DeleteRuleCommand, DescribeRuleCommand, EventBridgeClient, PutRuleCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  LambdaClient,
  Runtime,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, DeleteMessageCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  EXPRESS_MAX_DURATION_SECONDS,
  LOCAL_REGION,
  ScheduleClock,
  targetInput,
  toEventEnvelope,
  type ExecutionResult,
  type JsonValue,
  type LocalTemplate,
  type LocalRuleSpec,
  type PublishResult,
  type ScheduledRun,
  type SkippedTarget,
} from '@batchmon/emulator';
import { ScenarioBackendError } from '../errors';
import type { ContainerBackendName } from './backend-name';
import type { ContainerEndpoints } from './endpoints';
import { EMULATOR_ROLE_ARN, planDeployment, withQueueUrls, type DeploymentPlan } from './deployment-plan';
import { lambdaOutputOf } from './emf-log-lines';
import { executionResultOf, hasFinished } from './execution-results';
import { bundleMetricsLambda } from './lambda-bundle';
import type { DrainOutput, ScenarioBackend } from './scenario-backend';

/** The stack's queue of events whose workflow failed (its construct id). */
const FAILED_EVENTS_QUEUE = 'FailedEventsQueue';

/** How often an execution's status, a queue's depth or a log group is asked for. */
const POLL_MS = 250;

/**
 * How long the metrics Lambda may take to empty the queue: the Lambda's timeout for each of the
 * redrive policy's receives, which bounds a message that keeps failing, plus LocalStack's polling.
 */
const DRAIN_LIMIT_MS = 5 * 60_000;

/** Options of {@link startContainerBackend}. */
export interface ContainerBackendOptions {
  readonly name: ContainerBackendName;
  readonly endpoints: ContainerEndpoints;
  /** The synthesized template, loaded. */
  readonly template: LocalTemplate;
}

/**
 * Deploys the template into the backend's emulators and returns it as a {@link ScenarioBackend}:
 * tables, queues and rules in LocalStack; the state machines in LocalStack or Step Functions Local;
 * the metrics Lambda (the bundled handler) in LocalStack's Lambda behind its SQS event source mapping.
 *
 * Events are routed by the rules as deployed: each rule's pattern is read back from EventBridge
 * (DescribeRule) and tested by EventBridge itself (TestEventPattern), then each matched state
 * machine target is started with the input the target gives (StartExecution), so the execution
 * can be followed to its end. EMF lines are read back from the Lambda's CloudWatch Logs.
 *
 * Resource names are the template's: run one scenario at a time per emulator (`--runInBand`).
 *
 * @example
 * const backend = await startContainerBackend({ name: 'localstack', endpoints, template: loadTemplate(synthesizeTemplate()) });
 * await backend.publish(event);
 * const { emfLines } = await backend.drain();
 * await backend.close();
 */
export async function startContainerBackend(options: ContainerBackendOptions): Promise<ScenarioBackend> {
  const deployment = new ContainerDeployment(options);
  try {
    await deployment.deploy();
  } catch (error) {
    await deployment.undeploy().catch(() => undefined);
    throw new ScenarioBackendError(`${options.name}: expected the template to deploy into ${options.endpoints.localstack}, found an error (${(error as Error).message})`, { cause: error });
  }
  return deployment;
}

class ContainerDeployment implements ScenarioBackend {
  readonly name: ContainerBackendName;
  private readonly template: LocalTemplate;
  private readonly plan: DeploymentPlan;
  private readonly dynamodb: DynamoDBClient;
  private readonly sqs: SQSClient;
  private readonly events: EventBridgeClient;
  private readonly lambda: LambdaClient;
  private readonly logs: CloudWatchLogsClient;
  private readonly sfn: SFNClient;
  /** The backend's queue URL and ARN by the template's. */
  private readonly queueNames = new Map<string, string>();
  private readonly queueUrls = new Map<string, string>();
  private readonly stateMachineArns = new Map<string, string>();
  /** State machines the engine refused to create (InvalidDefinition), with its message, by logical id. */
  private readonly refused = new Map<string, string>();
  private readonly mappingIds: string[] = [];
  /** Each rule's pattern as EventBridge holds it (read back after PutRule), by rule name. */
  private readonly deployedPatterns = new Map<string, string>();
  private readonly created = { tables: [] as string[], rules: [] as string[], functions: [] as string[] };
  private readonly seenLogEvents = new Set<string>();
  private deadLetters = 0;
  /**
   * Schedule rules fire on the events' own time, as in the embedded backend: LocalStack's clock is
   * the wall clock, and a replayed workload's minutes are not (the plan does not create them).
   */
  private readonly clock: ScheduleClock;

  constructor(options: ContainerBackendOptions) {
    this.name = options.name;
    this.template = options.template;
    this.plan = planDeployment(options.template);
    this.clock = new ScheduleClock(options.template.rules);
    // Credentials are not checked by either emulator; the SDK only needs some.
    const config = { region: LOCAL_REGION, endpoint: options.endpoints.localstack, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    this.dynamodb = new DynamoDBClient(config);
    this.sqs = new SQSClient(config);
    this.events = new EventBridgeClient(config);
    this.lambda = new LambdaClient(config);
    this.logs = new CloudWatchLogsClient(config);
    this.sfn = new SFNClient({ ...config, endpoint: options.endpoints.stepFunctions });
  }

  async deploy(): Promise<void> {
    for (const table of this.plan.tables) {
      await this.dynamodb.send(new CreateTableCommand(table.createTable));
      this.created.tables.push(table.createTable.TableName ?? table.logicalId);
      await waitUntilTableExists({ client: this.dynamodb, maxWaitTime: 60 }, { TableName: table.createTable.TableName });
      if (table.timeToLiveAttribute !== undefined) {
        await this.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: table.createTable.TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: table.timeToLiveAttribute } }));
      }
    }
    for (const queue of this.plan.queues) {
      const { QueueUrl } = await this.sqs.send(new CreateQueueCommand({ QueueName: queue.queueName, Attributes: { ...queue.attributes } }));
      if (QueueUrl === undefined) throw new ScenarioBackendError(`CreateQueue ${queue.queueName}: expected a QueueUrl, found none`);
      this.queueUrls.set(queue.logicalId, QueueUrl);
      this.queueNames.set(queue.templateUrl, QueueUrl);
      if (queue.templateArn !== queue.arn) this.queueNames.set(queue.templateArn, queue.arn);
    }
    for (const machine of this.plan.stateMachines) {
      const created = await this.sfn
        .send(new CreateStateMachineCommand({ name: machine.name, definition: JSON.stringify(withQueueUrls(machine.definition, this.queueNames)), roleArn: EMULATOR_ROLE_ARN, type: 'STANDARD' }))
        .catch((error: unknown) => {
          // An engine that lacks an integration or a language feature refuses the definition
          // (LocalStack: "InvalidDefinition … Unsupported service"); the other workflows still run,
          // and an event routed to this one is reported as a skipped target with the reason.
          if (error instanceof Error && error.name === 'InvalidDefinition') return error;
          throw error;
        });
      if (created instanceof Error) {
        this.refused.set(machine.logicalId, created.message);
        continue;
      }
      const { stateMachineArn } = created;
      if (stateMachineArn === undefined) throw new ScenarioBackendError(`CreateStateMachine ${machine.name}: expected an ARN, found none`);
      this.stateMachineArns.set(machine.logicalId, stateMachineArn);
    }
    for (const rule of this.plan.rules) {
      await this.events.send(new PutRuleCommand({ Name: rule.name, EventBusName: rule.eventBusName, EventPattern: rule.eventPattern, State: 'ENABLED' }));
      this.created.rules.push(rule.name);
      const deployed = await this.events.send(new DescribeRuleCommand({ Name: rule.name, EventBusName: rule.eventBusName }));
      if (deployed.EventPattern === undefined) throw new ScenarioBackendError(`DescribeRule ${rule.name}: expected the event pattern just put, found none`);
      this.deployedPatterns.set(rule.name, deployed.EventPattern);
    }
    if (this.plan.functions.length > 0) {
      const zip = await bundleMetricsLambda();
      for (const fn of this.plan.functions) {
        const runtime = Object.values(Runtime).find((candidate) => candidate === fn.runtime);
        if (runtime === undefined) throw new ScenarioBackendError(`${fn.logicalId}.Runtime: expected a Lambda runtime, found "${fn.runtime}"`);
        await this.lambda.send(
          new CreateFunctionCommand({
            FunctionName: fn.functionName,
            Runtime: runtime,
            Handler: fn.handler,
            Role: EMULATOR_ROLE_ARN,
            Timeout: fn.timeoutSeconds,
            Code: { ZipFile: zip },
            Environment: { Variables: withQueueUrls(fn.environment, this.queueNames) },
          }),
        );
        this.created.functions.push(fn.functionName);
        await waitUntilFunctionActiveV2({ client: this.lambda, maxWaitTime: 120 }, { FunctionName: fn.functionName });
      }
    }
    for (const mapping of this.plan.eventSourceMappings) {
      const queue = this.plan.queues.find((candidate) => candidate.logicalId === mapping.queueLogicalId);
      const { UUID } = await this.lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: queue?.arn,
          FunctionName: mapping.functionName,
          BatchSize: mapping.batchSize,
          ...(mapping.reportBatchItemFailures ? { FunctionResponseTypes: ['ReportBatchItemFailures'] } : {}),
        }),
      );
      if (UUID !== undefined) this.mappingIds.push(UUID);
    }
  }

  async publish(event: unknown): Promise<PublishResult> {
    const envelope = toEventEnvelope(event);
    const scheduled = await this.advanceTo(Date.parse(envelope.time));
    const matchedRules: string[] = [];
    const executions: ExecutionResult[] = [];
    const skippedTargets: SkippedTarget[] = [];
    for (const planned of this.plan.rules) {
      // The pattern as EventBridge holds it, matched by EventBridge's own implementation.
      const { Result } = await this.events.send(
        new TestEventPatternCommand({ EventPattern: this.deployedPatterns.get(planned.name) ?? planned.eventPattern, Event: JSON.stringify(envelope) }),
      );
      if (Result !== true) continue;
      matchedRules.push(planned.name);
      const ran = await this.runTargets(planned.rule, envelope);
      executions.push(...ran.executions);
      skippedTargets.push(...ran.skippedTargets);
    }
    return { event: envelope, matchedRules, unrouted: matchedRules.length === 0, executions, skippedTargets, scheduled };
  }

  /** Fires, oldest first, every scheduled boundary that `time` (epoch milliseconds) crosses. */
  async advanceTo(time: string | number): Promise<ScheduledRun[]> {
    const at = typeof time === 'number' ? time : Date.parse(time);
    if (Number.isNaN(at)) throw new ScenarioBackendError(`advanceTo(): expected an ISO 8601 time or epoch milliseconds, found ${JSON.stringify(time)}`);
    const runs: ScheduledRun[] = [];
    for (const firing of this.clock.advance(at)) {
      const { executions, skippedTargets } = await this.runTargets(firing.rule, firing.event);
      runs.push({ rule: firing.rule.name, event: firing.event, executions, skippedTargets });
    }
    return runs;
  }

  /** Starts the state machine targets of a matched (or fired) rule with the event; the others are skipped with the reason. */
  private async runTargets(rule: LocalRuleSpec, event: ScheduledRun['event']): Promise<{ executions: ExecutionResult[]; skippedTargets: SkippedTarget[] }> {
    const executions: ExecutionResult[] = [];
    const skippedTargets: SkippedTarget[] = [];
    for (const target of rule.targets) {
      if (target.kind !== 'stateMachine' || target.logicalId === undefined) {
        skippedTargets.push({ rule: rule.name, targetId: target.id, arn: target.arn, reason: `a ${target.kind} target is not started by the ${this.name} backend` });
        continue;
      }
      const refusal = this.refused.get(target.logicalId);
      if (refusal !== undefined) {
        skippedTargets.push({ rule: rule.name, targetId: target.id, arn: target.arn, reason: `${this.name} refused the state machine's definition: ${refusal}` });
        continue;
      }
      executions.push(await this.run(target.logicalId, targetInput(target, rule, event)));
    }
    return { executions, skippedTargets };
  }

  startExecution(stateMachine: string, input: JsonValue): Promise<ExecutionResult> {
    return this.run(this.template.stateMachine(stateMachine).logicalId, input);
  }

  /** Starts one execution and follows it to its end, then reads its history. */
  private async run(logicalId: string, input: JsonValue): Promise<ExecutionResult> {
    const spec = this.template.stateMachine(logicalId);
    const stateMachineArn = this.stateMachineArns.get(logicalId);
    if (stateMachineArn === undefined) {
      const refusal = this.refused.get(logicalId);
      throw new ScenarioBackendError(`${this.name}: expected state machine ${spec.name} to be deployed, found ${refusal === undefined ? 'it missing' : `its definition refused (${refusal})`}`);
    }
    const { executionArn } = await this.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name: randomUUID() }));
    if (executionArn === undefined) throw new ScenarioBackendError(`StartExecution ${spec.name}: expected an execution ARN, found none`);
    // An Express workflow may not run longer than five minutes; neither may its emulation here.
    const deadline = Date.now() + EXPRESS_MAX_DURATION_SECONDS * 1000;
    let description = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
    while (!hasFinished(description)) {
      if (Date.now() > deadline) {
        throw new ScenarioBackendError(`${spec.name} execution ${executionArn}: expected it to end within ${EXPRESS_MAX_DURATION_SECONDS} s, found it still ${String(description.status)}`);
      }
      await sleep(POLL_MS);
      description = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
    }
    const history: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
      history.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return executionResultOf(spec, input, description, history);
  }

  async drain(): Promise<DrainOutput> {
    const mapped = this.plan.eventSourceMappings.map((mapping) => this.queueUrls.get(mapping.queueLogicalId)).filter((url): url is string => url !== undefined);
    const deadline = Date.now() + DRAIN_LIMIT_MS;
    // The event source mapping polls the queue; it is drained when nothing is waiting or in flight.
    while ((await Promise.all(mapped.map((url) => this.depth(url)))).some((depth) => depth > 0)) {
      if (Date.now() > deadline) throw new ScenarioBackendError(`${this.name}: expected the metrics Lambda to empty its queue within ${DRAIN_LIMIT_MS / 1000} s, found messages left`);
      await sleep(POLL_MS);
    }
    // Lines reach CloudWatch Logs after the invocation: read until two reads in a row find nothing new.
    const messages: string[] = [];
    for (let quiet = 0; quiet < 2; ) {
      const fresh = await this.newLogMessages();
      messages.push(...fresh);
      quiet = fresh.length === 0 ? quiet + 1 : 0;
      if (quiet < 2) await sleep(POLL_MS * 2);
    }
    const deadLetters = await this.deadLetterDepth();
    const moved = deadLetters - this.deadLetters;
    this.deadLetters = deadLetters;
    return { ...lambdaOutputOf(messages), deadLetters: moved };
  }

  async takeFailedEvents(): Promise<unknown[]> {
    const queueUrl = this.queueUrls.get(this.template.queue(FAILED_EVENTS_QUEUE).logicalId);
    const taken: unknown[] = [];
    for (;;) {
      const { Messages = [] } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (Messages.length === 0) return taken;
      for (const message of Messages) {
        taken.push(JSON.parse(message.Body ?? 'null'));
        await this.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }

  async close(): Promise<void> {
    await this.undeploy();
    for (const client of [this.dynamodb, this.sqs, this.events, this.lambda, this.logs, this.sfn]) client.destroy();
  }

  /** Deletes what was created, in reverse order, so the next scenario can create it again under the same names. */
  async undeploy(): Promise<void> {
    const failures: string[] = [];
    const attempt = async (what: string, call: () => Promise<unknown>): Promise<void> => {
      try {
        await call();
      } catch (error) {
        failures.push(`${what}: ${(error as Error).message}`);
      }
    };
    for (const id of this.mappingIds.splice(0)) await attempt(`event source mapping ${id}`, () => this.lambda.send(new DeleteEventSourceMappingCommand({ UUID: id })));
    for (const name of this.created.functions.splice(0)) await attempt(`function ${name}`, () => this.lambda.send(new DeleteFunctionCommand({ FunctionName: name })));
    for (const name of this.created.rules.splice(0)) await attempt(`rule ${name}`, () => this.events.send(new DeleteRuleCommand({ Name: name })));
    for (const [, arn] of this.stateMachineArns) await attempt(`state machine ${arn}`, () => this.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn })));
    this.stateMachineArns.clear();
    for (const [, url] of this.queueUrls) await attempt(`queue ${url}`, () => this.sqs.send(new DeleteQueueCommand({ QueueUrl: url })));
    this.queueUrls.clear();
    for (const name of this.created.tables.splice(0)) await attempt(`table ${name}`, () => this.dynamodb.send(new DeleteTableCommand({ TableName: name })));
    if (failures.length > 0) throw new ScenarioBackendError(`${this.name}: expected every deployed resource to be deleted, found ${failures.length} failure(s): ${failures.join('; ')}`);
  }

  private async depth(queueUrl: string): Promise<number> {
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes['ApproximateNumberOfMessages'] ?? 0) + Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0);
  }

  /** Messages in the dead-letter queues of the queues a Lambda consumes. */
  private async deadLetterDepth(): Promise<number> {
    let total = 0;
    for (const mapping of this.plan.eventSourceMappings) {
      const source = this.plan.queues.find((queue) => queue.logicalId === mapping.queueLogicalId);
      const redrive = source?.attributes['RedrivePolicy'];
      if (redrive === undefined) continue;
      const dlqArn: unknown = (JSON.parse(redrive) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
      const dlq = this.plan.queues.find((queue) => queue.arn === dlqArn);
      const url = dlq ? this.queueUrls.get(dlq.logicalId) : undefined;
      if (url !== undefined) total += await this.depth(url);
    }
    return total;
  }

  /** Log messages of the Lambda functions not read before. */
  private async newLogMessages(): Promise<string[]> {
    const fresh: string[] = [];
    for (const fn of this.plan.functions) {
      const events: FilteredLogEvent[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const page = await this.logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn.functionName}`, ...(nextToken ? { nextToken } : {}) }));
          events.push(...(page.events ?? []));
          nextToken = page.nextToken;
        } while (nextToken);
      } catch (error) {
        // The group appears with the function's first invocation.
        if ((error as Error).name === 'ResourceNotFoundException') continue;
        throw error;
      }
      for (const event of events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))) {
        const id = event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}`;
        if (this.seenLogEvents.has(id)) continue;
        this.seenLogEvents.add(id);
        fresh.push(event.message ?? '');
      }
    }
    return fresh;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
