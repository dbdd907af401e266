import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../constants';
import { describeValue, isRecord, toJsonValue, type JsonObject, type JsonValue } from '../json';
import { readSimplePath } from '../json-path';
import type { LocalRuleSpec, LocalRuleTargetSpec } from '../template/model';
import { compileEventPattern, type EventMatcher } from './event-pattern';

/** An event as EventBridge delivers it to targets: the envelope and the `detail`. */
export interface EventBridgeEnvelope extends JsonObject {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: JsonValue[];
  detail: JsonValue;
}

/**
 * Completes an event the way PutEvents does: `source`, `detail-type` and `detail` are required;
 * `version`, `id`, `account`, `time`, `region` and `resources` are filled in when absent (replayed
 * events keep theirs).
 * @throws when a required field is missing or of the wrong type, naming it.
 */
export function toEventEnvelope(event: unknown): EventBridgeEnvelope {
  if (!isRecord(event)) throw new Error(`Event: expected an object, found ${describeValue(event)}`);
  const json = toJsonValue(event, 'Event') as JsonObject;
  const source = json['source'];
  const detailType = json['detail-type'];
  const detail = json['detail'];
  if (typeof source !== 'string' || source === '') throw new Error(`Event.source: expected a non-empty string, found ${describeValue(source)}`);
  if (typeof detailType !== 'string' || detailType === '') throw new Error(`Event.detail-type: expected a non-empty string, found ${describeValue(detailType)}`);
  if (!isRecord(detail)) throw new Error(`Event.detail: expected an object, found ${describeValue(detail)}`);
  return {
    ...json,
    version: typeof json['version'] === 'string' ? json['version'] : '0',
    id: typeof json['id'] === 'string' ? json['id'] : randomUUID(),
    'detail-type': detailType,
    source,
    account: typeof json['account'] === 'string' ? json['account'] : LOCAL_ACCOUNT_ID,
    time: typeof json['time'] === 'string' ? json['time'] : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: typeof json['region'] === 'string' ? json['region'] : LOCAL_REGION,
    resources: Array.isArray(json['resources']) ? json['resources'] : [],
    detail,
  };
}

/** The rules of a template, compiled, routing events as an event bus does. */
export class LocalEventBus {
  private readonly compiled: { readonly rule: LocalRuleSpec; readonly matches: EventMatcher }[];

  /**
   * @param rules the template's rules; disabled rules, scheduled rules and rules of other buses never match.
   * @throws when a rule's pattern is invalid, naming the rule and the field.
   */
  constructor(
    rules: readonly LocalRuleSpec[],
    readonly name = 'default',
  ) {
    this.compiled = rules
      .filter((rule) => rule.enabled && rule.eventPattern !== undefined && rule.eventBusName === name)
      .map((rule) => ({ rule, matches: compileEventPattern(rule.eventPattern, `Resources.${rule.logicalId}.Properties.EventPattern`) }));
  }

  /** The rules an event matches, in template order. */
  match(event: EventBridgeEnvelope): LocalRuleSpec[] {
    return this.compiled.filter(({ matches }) => matches(event)).map(({ rule }) => rule);
  }
}

/**
 * What a rule target receives for an event: the event, or what `Input`, `InputPath` or
 * `InputTransformer` make of it.
 */
export function targetInput(target: LocalRuleTargetSpec, rule: LocalRuleSpec, event: EventBridgeEnvelope): JsonValue {
  if (target.input !== undefined) return parseTargetJson(target.input, `${rule.logicalId} target ${target.id} Input`);
  if (target.inputPath !== undefined) {
    return toJsonValue(readSimplePath(event, target.inputPath) ?? null, `${rule.logicalId} target ${target.id} InputPath`);
  }
  if (target.inputTransformer === undefined) return event;
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(target.inputTransformer.inputPathsMap)) values.set(name, readSimplePath(event, path));
  values.set('aws.events.event', event);
  values.set('aws.events.event.json', event);
  values.set('aws.events.rule-arn', rule.arn);
  values.set('aws.events.rule-name', rule.name);
  values.set('aws.events.event.ingestion-time', event.time);
  const text = fillTemplate(target.inputTransformer.inputTemplate, values);
  return parseTargetJson(text, `${rule.logicalId} target ${target.id} InputTemplate`, true);
}

/**
 * Replaces `<name>` placeholders: inside a JSON string a value goes in as text, elsewhere as JSON
 * (an absent value as null), which is how EventBridge fills an input template.
 */
function fillTemplate(template: string, values: ReadonlyMap<string, unknown>): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template.charAt(i);
    if (char === '"' && template[i - 1] !== '\\') inString = !inString;
    const placeholder = char === '<' ? /^<([^<>\s]+)>/.exec(template.slice(i)) : null;
    const name = placeholder?.[1];
    if (placeholder && name !== undefined && values.has(name)) {
      const value = values.get(name);
      if (inString) {
        const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
        out += JSON.stringify(text).slice(1, -1);
      } else {
        out += value === undefined ? 'null' : JSON.stringify(value);
      }
      i += placeholder[0].length - 1;
    } else {
      out += char;
    }
  }
  return out;
}

function parseTargetJson(text: string, where: string, allowText = false): JsonValue {
  try {
    return toJsonValue(JSON.parse(text), where);
  } catch (error) {
    // A template that is not JSON (e.g. "Job <id> failed") is delivered as a plain string.
    if (allowText) return text;
    throw new Error(`${where}: expected JSON text, found "${text.slice(0, 80)}" (${(error as Error).message})`, { cause: error });
  }
}
