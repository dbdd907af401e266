import { createHash, randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { AutoScalingRecorder } from '../autoscaling/autoscaling-recorder';
import type { LocalDynamoDb } from '../dynamodb/local-dynamodb';
import { DEFAULT_MAX_STATE_TRANSITIONS, EXPRESS_MAX_DURATION_SECONDS, LOCAL_ACCOUNT_ID, LOCAL_PARTITION } from '../constants';
import { isRecord, type JsonObject, type JsonValue } from '../json';
import { readSimplePath } from '../json-path';
import type { LocalQueues } from '../sqs/local-queue';
import { localExecutionArn } from '../template/local-names';
import type { LocalStateMachineSpec } from '../template/model';
import { allStates, RETRY_DEFAULTS, retriersOf, retryIntervalSeconds, type FoundState, type Retrier } from './asl';
import type { FaultInjector } from './faults';
import { integrationFor, type ServiceIntegration } from './integrations';
import { rewriteJsonataStates } from './jsonata-states';
import { LocalRuntimeError } from '../errors';
import { TaskError } from '../errors';

/** A local stand-in for a Task state: takes the state's effective input (after Parameters), returns its result. */
export type TaskOverride = (input: JsonValue) => JsonValue | Promise<JsonValue>;

/** How an execution ended. */
export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One event of an execution's history (a simplified Step Functions history event). */
export interface ExecutionHistoryEvent {
  readonly type: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly stateName?: string;
  readonly stateType?: string;
  readonly input?: JsonValue;
  readonly output?: JsonValue;
  readonly error?: string;
  readonly cause?: string;
  /** For StateRetried: the retry attempt (1-based). */
  readonly retryAttempt?: number;
}

/** The outcome of one local execution. */
export interface ExecutionResult {
  readonly executionArn: string;
  readonly executionName: string;
  /** The state machine's friendly name (`StateMachineName` or CDK construct id). */
  readonly stateMachine: string;
  readonly stateMachineLogicalId: string;
  readonly status: ExecutionStatus;
  readonly input: JsonValue;
  /** The execution output, when it succeeded. */
  readonly output?: JsonValue;
  /** The error name, when it did not succeed (e.g. `DynamoDB.ConditionalCheckFailedException`, `States.Timeout`). */
  readonly error?: string;
  readonly cause?: string;
  /** Names of the states entered, in order (nested Parallel and Map states included). */
  readonly visitedStates: readonly string[];
  /** The execution's events (empty when the recordHistory option is off). */
  readonly history: readonly ExecutionHistoryEvent[];
  /** ISO 8601. */
  readonly startedAt: string;
  /** Wall-clock duration of the local run. */
  readonly durationMs: number;
  /**
   * The duration the execution would have had in AWS as far as waiting goes: wall-clock time plus
   * the Wait states and retry intervals the time scale skipped, at their nominal length (no jitter).
   */
  readonly simulatedDurationSeconds: number;
}

/** What a workflow's Task states call. */
export interface WorkflowServices {
  /** The local DynamoDB, called in process. */
  readonly dynamodb: Pick<LocalDynamoDb, 'call'>;
  readonly queues: LocalQueues;
  readonly autoscaling: AutoScalingRecorder;
  readonly faults: FaultInjector;
}

/** Options of {@link LocalWorkflow}. */
export interface LocalWorkflowOptions {
  /**
   * Factor applied to Wait states and retry intervals: 0 runs them instantly, 1 in real time,
   * 0.01 at a hundredth. Between 0 and 1, Waits set by `SecondsPath`/`Timestamp`(`Path`) run in
   * real time (their length is known only at run time) and retries wait `IntervalSeconds` × scale
   * without backoff.
   * @default 0
   */
  readonly timeScale?: number;
  /** State transitions after which an execution is stopped as a runaway loop. @default 5000 */
  readonly maxStateTransitions?: number;
  /** Local functions for Task states, by state name; they replace the integration (e.g. for a Lambda invoke). */
  readonly taskOverrides?: Readonly<Record<string, TaskOverride>>;
  /** Whether results carry the execution history. @default true */
  readonly recordHistory?: boolean;
}

type RunHandle = ReturnType<StateMachine['run']>;

/** SHA-256 digests of the definitions (as JSON text) that asl-validator accepted, in this process or as told by {@link acceptDefinitionDigests}. */
const VALID_DEFINITIONS = new Set<string>();

function definitionDigest(definitionText: string): string {
  return createHash('sha256').update(definitionText).digest('hex');
}

/**
 * The SHA-256 digests of the state machine definitions (after the emulator's JSONata rewrite, as
 * JSON text) that asl-validator has accepted in this process: what a cache of compiled stacks keeps
 * so that a later process can skip validating them (asl-validator compiles its JSON schemas on each
 * call, 70-170 ms per definition).
 *
 * @example
 * writeCache({ template, acceptedDefinitions: acceptedDefinitionDigests() });
 */
export function acceptedDefinitionDigests(): string[] {
  return [...VALID_DEFINITIONS];
}

/**
 * Records definitions as accepted by asl-validator, by the digests {@link acceptedDefinitionDigests}
 * returned in an earlier process with the same asl-validator: a definition whose text has any other
 * digest is still validated. Call only with digests of definitions that were validated.
 *
 * @example
 * acceptDefinitionDigests(cached.acceptedDefinitions);
 */
export function acceptDefinitionDigests(digests: Iterable<string>): void {
  for (const digest of digests) VALID_DEFINITIONS.add(digest);
}
type LibraryEvent = RunHandle['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A state machine of the template, runnable locally with its Task states mapped to local services. */
export class LocalWorkflow {
  private readonly machine: StateMachine;
  private readonly tasks = new Map<
    string,
    {
      readonly resource: string;
      readonly integration?: ServiceIntegration;
      readonly override?: TaskOverride;
      /** A JSONata Pass state, rewritten into a local Task (see rewriteJsonataStates). */
      readonly evaluate?: (input: JsonValue, context: JsonObject) => JsonValue;
    }
  >();
  private readonly states = new Map<string, FoundState>();
  private readonly timeScale: number;
  private readonly waitTimeOverrides: Record<string, number> = {};
  private readonly retryIntervalOverrides: Record<string, number | number[]> = {};
  private readonly durationLimitSeconds: number;

  /**
   * @throws listing every Task state the emulator cannot run (unknown resource, parameters the API
   * does not take), and when aws-local-stepfunctions finds the definition invalid.
   */
  constructor(
    readonly spec: LocalStateMachineSpec,
    private readonly services: WorkflowServices,
    private readonly options: LocalWorkflowOptions = {},
  ) {
    const where = `State machine ${spec.name} (${spec.logicalId})`;
    this.timeScale = options.timeScale ?? 0;
    if (!Number.isFinite(this.timeScale) || this.timeScale < 0) throw new Error(`${where}: expected timeScale to be 0 or more, found ${this.timeScale}`);
    const { definition, evaluators } = rewriteJsonataStates(spec.definition, where);
    const digest = definitionDigest(JSON.stringify(definition));
    try {
      // asl-validator (inside the constructor) checks the definition against the States Language
      // schema; it takes 70-170 ms a call, so a definition already found valid is not checked again.
      const validationOptions = VALID_DEFINITIONS.has(digest) ? { noValidate: true } : { checkArn: true, checkPaths: true };
      this.machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions });
      VALID_DEFINITIONS.add(digest);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
    }
    const problems: string[] = [];
    for (const found of allStates(definition, `${where} definition`)) {
      this.states.set(found.name, found);
      const { name, state } = found;
      const evaluate = evaluators[name];
      if (evaluate !== undefined) {
        this.tasks.set(name, { resource: String(state['Resource']), evaluate });
        continue;
      }
      if (state['Type'] === 'Task') {
        const resource = typeof state['Resource'] === 'string' ? state['Resource'] : '';
        const override = options.taskOverrides?.[name];
        if (override) {
          this.tasks.set(name, { resource, override });
          continue;
        }
        try {
          this.tasks.set(name, { resource, integration: integrationFor(resource, state, `${where}: state "${name}"`) });
        } catch (error) {
          problems.push((error as Error).message);
        }
      }
      if (state['Type'] === 'Wait' && this.timeScale !== 1) {
        if (typeof state['Seconds'] === 'number') this.waitTimeOverrides[name] = state['Seconds'] * 1000 * this.timeScale;
        else if (this.timeScale === 0) this.waitTimeOverrides[name] = 0;
      }
      const retriers = retriersOf(state);
      if (retriers.length > 0 && this.timeScale !== 1) {
        // A scaled retry waits IntervalSeconds × scale each time: the library takes one fixed interval per retrier.
        this.retryIntervalOverrides[name] = this.timeScale === 0 ? 0 : retriers.map((retrier) => (retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds) * 1000 * this.timeScale);
      }
    }
    for (const name of Object.keys(options.taskOverrides ?? {})) {
      if (!this.tasks.has(name)) problems.push(`${where}: a task override names state "${name}", but the definition has no Task state of that name`);
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
    const timeout = typeof spec.definition['TimeoutSeconds'] === 'number' ? spec.definition['TimeoutSeconds'] : Infinity;
    this.durationLimitSeconds = spec.type === 'EXPRESS' ? Math.min(timeout, EXPRESS_MAX_DURATION_SECONDS) : timeout;
  }

  /**
   * Runs one execution to its end.
   * @param input the execution input (for a rule target, the event or what the target makes of it).
   */
  async start(input: JsonValue, options: { readonly executionName?: string } = {}): Promise<ExecutionResult> {
    const executionName = options.executionName ?? randomUUID();
    const executionArn = localExecutionArn(this.spec.name, executionName);
    const startedAt = Date.now();
    let skippedSeconds = 0;
    const simulatedSeconds = (): number => (Date.now() - startedAt) / 1000 + skippedSeconds;
    const timeoutCause = (): string =>
      `The execution ran ${simulatedSeconds().toFixed(1)} s of simulated time (Wait states and retry intervals at their nominal length), beyond the ${this.durationLimitSeconds} s limit of this ${this.spec.type} state machine`;
    const context: JsonObject = {
      Execution: {
        Id: executionArn,
        Name: executionName,
        // Not a copy: aws-local-stepfunctions runs the states on its own clone of the input and
        // writes ResultPaths into copies, so `$$.Execution.Input` stays the input the execution
        // started with, as in AWS (local-workflow.spec.ts checks it after a ResultPath write).
        Input: input,
        StartTime: new Date(startedAt).toISOString(),
        RoleArn: `arn:${LOCAL_PARTITION}:iam::${LOCAL_ACCOUNT_ID}:role/${this.spec.name}Role`,
        RedriveCount: 0,
      },
      StateMachine: { Id: this.spec.arn, Name: this.spec.name },
    };
    const run = this.machine.run(input, {
      overrides: {
        taskResourceLocalHandlers: this.handlers(executionArn, context, () =>
          simulatedSeconds() > this.durationLimitSeconds ? timeoutCause() : undefined,
        ),
        waitTimeOverrides: this.waitTimeOverrides,
        retryIntervalOverrides: this.retryIntervalOverrides,
      },
      context,
    });

    const visitedStates: string[] = [];
    const history: ExecutionHistoryEvent[] = [];
    let stopped: { status: ExecutionStatus; error: string; cause: string } | undefined;

    const watch = (async () => {
      for await (const event of run.eventLogs) {
        if (this.options.recordHistory !== false) history.push(toHistoryEvent(event));
        if (event.type === 'StateEntered') {
          visitedStates.push(event.state.name);
          if (event.state.type === 'Wait') skippedSeconds += this.skippedWaitSeconds(event.state.name, event.state.input, startedAt + simulatedSeconds() * 1000);
        } else if (event.type === 'StateRetried') {
          skippedSeconds += this.skippedRetrySeconds(event.retry.retrier, event.retry.attempt);
        }
        if (stopped) continue;
        const maxTransitions = this.options.maxStateTransitions ?? DEFAULT_MAX_STATE_TRANSITIONS;
        if (visitedStates.length > maxTransitions) {
          stopped = {
            status: 'FAILED',
            error: 'Local.StateTransitionLimitExceeded',
            cause: `The execution entered ${visitedStates.length} states without ending (limit ${maxTransitions}, option maxStateTransitions): a loop without exit? Last states: ${visitedStates.slice(-5).join(' → ')}`,
          };
          run.abort();
        } else if (simulatedSeconds() > this.durationLimitSeconds) {
          stopped = { status: 'TIMED_OUT', error: 'States.Timeout', cause: timeoutCause() };
          run.abort();
        }
      }
    })();

    let outcome: Pick<ExecutionResult, 'status' | 'output' | 'error' | 'cause'>;
    try {
      outcome = { status: 'SUCCEEDED', output: await run.result };
    } catch (error) {
      outcome = stopped ?? failureOf(error);
    }
    await watch;
    // Events are watched asynchronously, so a short execution can end before the watcher sees
    // that its waits ran past the limit; in AWS it would have timed out there, output or not.
    if (stopped) outcome = stopped;
    else if (outcome.status !== 'TIMED_OUT' && simulatedSeconds() > this.durationLimitSeconds) {
      outcome = { status: 'TIMED_OUT', error: 'States.Timeout', cause: timeoutCause() };
    }
    return {
      executionArn,
      executionName,
      stateMachine: this.spec.name,
      stateMachineLogicalId: this.spec.logicalId,
      ...outcome,
      input,
      visitedStates,
      history,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      simulatedDurationSeconds: simulatedSeconds(),
    };
  }

  /**
   * Local handlers for every Task state, bound to one execution.
   * @param timedOut tells why the execution is past its time limit, if it is: no call is made then.
   */
  private handlers(
    executionArn: string,
    context: JsonObject,
    timedOut: () => string | undefined,
  ): Record<string, (input: JsonValue) => Promise<JsonValue>> {
    const handlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
    for (const [stateName, task] of this.tasks) {
      handlers[stateName] = async (input) => {
        // Let the event watcher account for the Waits and retries before this call, so that a call
        // AWS would never have made (the execution had timed out) is not made locally either.
        await setImmediate();
        const timeout = timedOut();
        if (timeout !== undefined) throw new LocalTimeoutError(timeout);
        // Only service calls fail: a JSONata Pass state runs as a local Task here, but not in AWS.
        const fault = task.evaluate ? undefined : this.services.faults.take(stateName, task.resource);
        const injected = (): TaskError => new TaskError(fault?.error ?? 'States.TaskFailed', fault?.cause ?? 'Fault injected by the local emulator');
        if (fault && fault.timing !== 'after-call') throw injected();
        const result = await this.call(stateName, task, input, context, executionArn);
        // The call took effect (a committed write, a sent message), and still the caller sees an error.
        if (fault) throw injected();
        return result;
      };
    }
    return handlers;
  }

  /** Runs one Task state's call: a JSONata evaluation, an override, or a service integration. */
  private async call(
    stateName: string,
    task: { readonly resource: string; readonly integration?: ServiceIntegration; readonly override?: TaskOverride; readonly evaluate?: (input: JsonValue, context: JsonObject) => JsonValue },
    input: JsonValue,
    context: JsonObject,
    executionArn: string,
  ): Promise<JsonValue> {
    if (task.evaluate) return task.evaluate(input, context);
    // A copy: the state's input is also the raw input its ResultPath merges into (aws-local-stepfunctions,
    // as patched, no longer copies it for each state), and an override is code of any test.
    if (task.override) return task.override(structuredClone(input));
    if (!task.integration) throw new LocalRuntimeError(`State "${stateName}": expected a local integration for ${task.resource}, found none`);
    if (!isRecord(input)) throw new LocalRuntimeError(`State "${stateName}": expected Parameters to resolve to an object, found ${JSON.stringify(input)}`);
    return task.integration.call(input as JsonObject, { ...this.services, stateName, executionArn });
  }

  /** Seconds of a Wait state that the time scale skips. */
  private skippedWaitSeconds(stateName: string, input: unknown, simulatedNowMs: number): number {
    const state = this.states.get(stateName)?.state;
    if (!state) return 0;
    let nominal = 0;
    if (typeof state['Seconds'] === 'number') nominal = state['Seconds'];
    else if (typeof state['SecondsPath'] === 'string') nominal = Number(safeRead(input, state['SecondsPath'])) || 0;
    else {
      const timestamp = typeof state['Timestamp'] === 'string' ? state['Timestamp'] : typeof state['TimestampPath'] === 'string' ? safeRead(input, state['TimestampPath']) : undefined;
      const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
      nominal = Number.isNaN(at) ? 0 : Math.max(0, (at - simulatedNowMs) / 1000);
    }
    const override = this.waitTimeOverrides[stateName];
    return override === undefined ? 0 : Math.max(0, nominal - override / 1000);
  }

  /** Seconds of a retry interval that the time scale skips. */
  private skippedRetrySeconds(retrier: Retrier, attempt: number): number {
    if (this.timeScale === 1) return 0;
    const scaled = (retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds) * this.timeScale;
    return Math.max(0, retryIntervalSeconds(retrier, attempt) - scaled);
  }
}

/** The execution ran past its time limit: not retried, not caught, like States.Timeout of an execution. */
class LocalTimeoutError extends LocalRuntimeError {
  constructor(cause: string) {
    super(cause);
    this.name = 'States.Timeout';
  }
}

function safeRead(input: unknown, path: string): unknown {
  try {
    return readSimplePath(input, path);
  } catch {
    // A path beyond the simple subset only loses the simulated-time estimate, not the run.
    return undefined;
  }
}

function failureOf(error: unknown): Pick<ExecutionResult, 'status' | 'error' | 'cause'> {
  if (error instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution ran beyond its TimeoutSeconds' };
  }
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED', error: 'States.Aborted', cause: 'The execution was aborted' };
  const inner = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (inner instanceof LocalTimeoutError) return { status: 'TIMED_OUT', error: inner.name, cause: inner.message };
  if (inner instanceof Error) return { status: 'FAILED', error: inner.name, cause: inner.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(inner) };
}

function toHistoryEvent(event: LibraryEvent): ExecutionHistoryEvent {
  const base = { type: event.type, timestamp: event.timestamp };
  switch (event.type) {
    case 'ExecutionStarted':
      return { ...base, input: event.input };
    case 'ExecutionSucceeded':
      return { ...base, output: event.output };
    case 'ExecutionFailed':
    case 'MapIterationFailed':
    case 'ParallelBranchFailed':
      return { ...base, error: event.Error, cause: causeText(event.Cause) };
    case 'StateEntered':
      return { ...base, stateName: event.state.name, stateType: event.state.type, input: event.state.input };
    case 'StateExited':
      return { ...base, stateName: event.state.name, stateType: event.state.type, ...(event.state.output !== undefined ? { output: event.state.output } : {}) };
    case 'StateFailed':
      return { ...base, stateName: event.state.name, stateType: event.state.type, error: event.Error, cause: causeText(event.Cause) };
    case 'StateRetried':
      return { ...base, stateName: event.state.name, stateType: event.state.type, retryAttempt: event.retry.attempt };
    case 'StateCaught':
      return { ...base, stateName: event.state.name, stateType: event.state.type };
    default:
      return base;
  }
}

function causeText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause) ?? String(cause);
}
