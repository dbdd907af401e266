/**
 * The small part of the Amazon States Language the workflows use, typed so that a definition is
 * checked by the compiler before asl-validator and the emulator see it.
 */

/** A JSON value as it appears in a definition. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A Choice rule (comparison, or And/Or/Not of rules). */
export type ChoiceRule = { readonly [operator: string]: Json | ChoiceRule | readonly ChoiceRule[] };

/** A retrier of a Task state. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

/** A catcher of a Task state. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
}

interface Flow {
  readonly Next?: string;
  readonly End?: true;
  readonly Comment?: string;
}

/** A Pass state in JSONPath. */
export interface PassState extends Flow {
  readonly Type: 'Pass';
  readonly Parameters?: Json;
  readonly Result?: Json;
  readonly ResultPath?: string | null;
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/**
 * A Pass state in JSONata: used only for what JSONPath's intrinsic functions cannot express
 * (date arithmetic, regular expressions, defaults for absent fields).
 */
export interface JsonataPassState extends Flow {
  readonly Type: 'Pass';
  readonly QueryLanguage: 'JSONata';
  readonly Output: Json;
}

/** A Task state calling a direct service integration. */
export interface TaskState extends Flow {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly Parameters?: Json;
  readonly ResultSelector?: Json;
  readonly ResultPath?: string | null;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  readonly TimeoutSeconds?: number;
}

/** A Choice state. */
export interface ChoiceState {
  readonly Type: 'Choice';
  readonly Choices: readonly (ChoiceRule & { readonly Next: string })[];
  readonly Default: string;
  readonly Comment?: string;
}

/** A Wait state. */
export interface WaitState extends Flow {
  readonly Type: 'Wait';
  readonly Seconds: number;
}

/** A Succeed state. */
export interface SucceedState {
  readonly Type: 'Succeed';
  readonly Comment?: string;
}

/** A branch of a Parallel state: a state machine of its own, without a timeout. */
export interface Branch {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
}

/** A Parallel state: used once per workflow, to catch every failure of the states inside it. */
export interface ParallelState extends Flow {
  readonly Type: 'Parallel';
  readonly Branches: readonly Branch[];
  readonly ResultPath?: string | null;
  readonly OutputPath?: string | null;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

/**
 * An inline Map state: runs `ItemProcessor` once per item of the array at `ItemsPath`, at most
 * `MaxConcurrency` at a time.
 */
export interface MapState extends Flow {
  readonly Type: 'Map';
  readonly ItemsPath: string;
  readonly ItemProcessor: Branch & { readonly ProcessorConfig: { readonly Mode: 'INLINE' } };
  readonly MaxConcurrency?: number;
  readonly ResultPath?: string | null;
  readonly Catch?: readonly Catcher[];
}

/** Any state a batchmon workflow uses. */
export type State = PassState | JsonataPassState | TaskState | ChoiceState | WaitState | SucceedState | ParallelState | MapState;

/** A state machine definition. */
export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: Readonly<Record<string, State>>;
}
