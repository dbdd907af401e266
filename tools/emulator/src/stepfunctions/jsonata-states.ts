import { isRecord, type JsonObject, type JsonValue } from '../json';
import { jsonataSync, type SyncExpression } from './jsonata-sync';
import { LocalRuntimeError } from '../errors';

/** The resource the rewritten JSONata states carry; only the emulator ever sees it. */
export const LOCAL_JSONATA_RESOURCE = 'arn:aws:states:::batchmon-local:jsonata';

const TEMPLATE = /^\{%([\s\S]*)%\}$/;

/** A JSONata Pass state turned into a local Task, and the function that evaluates it. */
export interface RewrittenDefinition {
  readonly definition: JsonObject;
  /** Evaluators of the rewritten states, by state name: input → output. */
  readonly evaluators: Readonly<Record<string, (input: JsonValue, context: JsonObject) => JsonValue>>;
}

/**
 * aws-local-stepfunctions runs JSONPath only. A Pass state with `QueryLanguage: JSONata` is
 * rewritten into a Task state whose local handler evaluates its `Output` template with the
 * jsonata library (the one Step Functions' JSONata follows; its synchronous form, see
 * jsonata-sync.ts), binding `$states.input` and
 * `$states.context` as Step Functions does. The rest of the definition is untouched.
 *
 * @throws for JSONata in places the emulator does not evaluate (top level, non-Pass states), naming the state.
 */
export function rewriteJsonataStates(definition: JsonObject, where: string): RewrittenDefinition {
  if (definition['QueryLanguage'] === 'JSONata') {
    throw new Error(`${where}: expected JSONPath at the top level, found QueryLanguage JSONata (the emulator evaluates JSONata Pass states only)`);
  }
  const evaluators: Record<string, (input: JsonValue, context: JsonObject) => JsonValue> = {};
  const rewrite = (machine: JsonObject, at: string): JsonObject => {
    const states = isRecord(machine['States']) ? (machine['States'] as JsonObject) : {};
    const out: JsonObject = {};
    for (const [name, raw] of Object.entries(states)) {
      if (!isRecord(raw)) continue;
      let state = raw as JsonObject;
      if (state['QueryLanguage'] === 'JSONata') {
        if (state['Type'] !== 'Pass') {
          throw new Error(`${at}: state "${name}": expected JSONata only in Pass states, found it in a ${String(state['Type'])} state`);
        }
        const output = state['Output'] ?? '{% $states.input %}';
        const compiled = compileTemplate(output, `${at}: state "${name}" Output`);
        evaluators[name] = (input, context) => compiled({ input, context });
        const { QueryLanguage, Output, Assign, ...rest } = state;
        state = { ...rest, Type: 'Task', Resource: LOCAL_JSONATA_RESOURCE };
      }
      for (const key of ['Branches'] as const) {
        const branches = state[key];
        if (Array.isArray(branches)) {
          state = { ...state, [key]: branches.map((b, i) => (isRecord(b) ? rewrite(b as JsonObject, `${at}.${name}.Branches[${i}]`) : b)) };
        }
      }
      for (const key of ['ItemProcessor', 'Iterator'] as const) {
        const processor = state[key];
        if (isRecord(processor)) state = { ...state, [key]: rewrite(processor as JsonObject, `${at}.${name}.${key}`) };
      }
      out[name] = state;
    }
    return { ...machine, States: out };
  };
  return { definition: rewrite(definition, where), evaluators };
}

type Evaluate = (states: { input: JsonValue; context: JsonObject }) => JsonValue;

/** Compiles an Output template: strings `{% … %}` are JSONata, objects and arrays are templates of their own, the rest literal. */
function compileTemplate(template: JsonValue, where: string): Evaluate {
  if (typeof template === 'string') {
    const match = TEMPLATE.exec(template);
    if (match === null) return () => template;
    const expression = compileExpression(match[1] ?? '');
    return (states) => {
      let value: unknown;
      try {
        value = expression.evaluate(undefined, { states });
      } catch (error) {
        const message = isRecord(error) && typeof error['message'] === 'string' ? error['message'] : String(error);
        throw new LocalRuntimeError(`${where}: JSONata evaluation failed: ${message}`);
      }
      if (value === undefined) throw new LocalRuntimeError(`${where}: the JSONata expression returned nothing`);
      return toJson(value);
    };
  }
  if (Array.isArray(template)) {
    const items = template.map((item, i) => compileTemplate(item, `${where}[${i}]`));
    return (states) => items.map((item) => item(states));
  }
  if (isRecord(template)) {
    const fields = Object.entries(template).map(([key, value]) => [key, compileTemplate(value as JsonValue, `${where}.${key}`)] as const);
    return (states) => {
      const out: JsonObject = {};
      for (const [key, evaluate] of fields) out[key] = evaluate(states);
      return out;
    };
  }
  return () => template;
}

/**
 * Compiled expressions by their text: a JSONata expression is parsed once a process, however many
 * pipelines load the definitions that hold it (each test builds its own). Bindings are passed to
 * each `evaluate`; the one state a compiled expression keeps is the time `$now()` and `$millis()`
 * return, set when an evaluation starts — shared, as before, by the executions of one workflow.
 */
const COMPILED = new Map<string, SyncExpression>();

function compileExpression(text: string): SyncExpression {
  let expression = COMPILED.get(text);
  if (expression === undefined) {
    expression = jsonataSync(text);
    COMPILED.set(text, expression);
  }
  return expression;
}

/**
 * Plain JSON from what JSONata returns, as `JSON.parse(JSON.stringify(value))` would give it (a
 * sequence becomes a plain array, `undefined` and functions are dropped from objects and become
 * null in arrays, non-finite numbers become null, `toJSON` is honoured), without building the text.
 */
export function toJson(value: unknown): JsonValue {
  return toJsonItem(value) ?? null;
}

/** One value as JSON.stringify sees it; undefined where it would leave the value out. */
function toJsonItem(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return undefined; // undefined, functions, symbols; JSONata returns no bigint
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') return toJsonItem((withToJson.toJSON as () => unknown)());
  if (Array.isArray(value)) {
    const array: JsonValue[] = new Array<JsonValue>(value.length);
    for (let i = 0; i < value.length; i += 1) array[i] = toJsonItem(value[i]) ?? null;
    return array;
  }
  const object: JsonObject = {};
  for (const key of Object.keys(value)) {
    const item = toJsonItem((value as Record<string, unknown>)[key]);
    if (item === undefined) continue;
    // A "__proto__" key stays an own property, as JSON.parse makes it.
    if (key === '__proto__') Object.defineProperty(object, key, { value: item, enumerable: true, configurable: true, writable: true });
    else object[key] = item;
  }
  return object;
}
