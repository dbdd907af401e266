/**
 * The small part of the Amazon States Language the workflows use, typed so that a definition is
 * checked by the compiler before asl-validator and the emulator see it.
 */

/**
 * A JSON value as it appears in a definition. An object's member may be `undefined`, which JSON
 * leaves out: the typed task builders pass their optional API fields through as given.
 */
export type Json = string | number | boolean | null | Json[] | { readonly [key: string]: Json | undefined };

/**
 * The comparison operators of a Choice rule in JSONPath, and what each compares the variable with
 * ("Choice Rules", Amazon States Language specification): a literal of the operator's type, or for
 * the `…Path` operators a JSONPath to the value.
 */
interface ComparisonOperators {
  readonly StringEquals: string;
  readonly StringEqualsPath: string;
  readonly StringLessThan: string;
  readonly StringLessThanPath: string;
  readonly StringGreaterThan: string;
  readonly StringGreaterThanPath: string;
  readonly StringLessThanEquals: string;
  readonly StringLessThanEqualsPath: string;
  readonly StringGreaterThanEquals: string;
  readonly StringGreaterThanEqualsPath: string;
  /** A pattern where `*` matches any characters and `\` escapes. */
  readonly StringMatches: string;
  readonly NumericEquals: number;
  readonly NumericEqualsPath: string;
  readonly NumericLessThan: number;
  readonly NumericLessThanPath: string;
  readonly NumericGreaterThan: number;
  readonly NumericGreaterThanPath: string;
  readonly NumericLessThanEquals: number;
  readonly NumericLessThanEqualsPath: string;
  readonly NumericGreaterThanEquals: number;
  readonly NumericGreaterThanEqualsPath: string;
  readonly BooleanEquals: boolean;
  readonly BooleanEqualsPath: string;
  readonly TimestampEquals: string;
  readonly TimestampEqualsPath: string;
  readonly TimestampLessThan: string;
  readonly TimestampLessThanPath: string;
  readonly TimestampGreaterThan: string;
  readonly TimestampGreaterThanPath: string;
  readonly TimestampLessThanEquals: string;
  readonly TimestampLessThanEqualsPath: string;
  readonly TimestampGreaterThanEquals: string;
  readonly TimestampGreaterThanEqualsPath: string;
  readonly IsNull: boolean;
  readonly IsPresent: boolean;
  readonly IsNumeric: boolean;
  readonly IsString: boolean;
  readonly IsBoolean: boolean;
  readonly IsTimestamp: boolean;
}

/** A comparison operator's name. */
export type ComparisonOperator = keyof ComparisonOperators;

/** Exactly one of `T`'s fields: an object with two operators is refused, as Step Functions refuses it. */
type ExactlyOne<T> = { [K in keyof T]: { readonly [P in K]: T[K] } & { readonly [P in Exclude<keyof T, K>]?: never } }[keyof T];

/** A comparison: the value at `Variable` (a JSONPath) against one operator's operand. */
export type Comparison = { readonly Variable: string } & ExactlyOne<ComparisonOperators>;

/** A Choice rule: a comparison, or And/Or/Not of rules. */
export type ChoiceRule = Comparison | { readonly And: readonly ChoiceRule[] } | { readonly Or: readonly ChoiceRule[] } | { readonly Not: ChoiceRule };

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

/** A Fail state: ends the execution as failed, with an error name and a cause. */
export interface FailState {
  readonly Type: 'Fail';
  readonly Error: string;
  readonly Cause: string;
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

/** Any state a batchmon workflow uses. */
export type State = PassState | JsonataPassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

/**
 * A Map state running its item processor inline, once per item of its input. No batchmon workflow
 * needs one yet; it is typed so that what walks a definition (its permissions, its JSONata states)
 * reaches the states inside one too.
 */
export interface MapState extends Flow {
  readonly Type: 'Map';
  readonly ItemProcessor: Branch & { readonly ProcessorConfig?: { readonly Mode: 'INLINE' } };
  readonly ItemsPath?: string;
  readonly ItemSelector?: Json;
  readonly MaxConcurrency?: number;
  readonly ResultPath?: string | null;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

/** A state machine definition. */
export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: Readonly<Record<string, State>>;
}
