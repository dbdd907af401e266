import { LOCAL_ACCOUNT_ID, LOCAL_PARTITION, LOCAL_REGION, LOCAL_STACK_NAME, LOCAL_URL_SUFFIX } from '../constants';
import { describeValue as describe, isRecord } from '../json';
import { type CfnTemplate } from './cloudformation';
import { identityOf, NAME_PROPERTY, type ResourceIdentity } from './local-names';

/** Options of {@link IntrinsicResolver}. */
export interface IntrinsicResolverOptions {
  /** Values for template parameters; a parameter without one uses its `Default`. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Values for `Fn::ImportValue` by export name. */
  readonly imports?: Readonly<Record<string, string>>;
  /** `AWS::StackName`. @default 'LocalStack' */
  readonly stackName?: string;
}

/** Marks a value resolved from `AWS::NoValue`: the enclosing property or list item disappears. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

const AVAILABILITY_ZONES = ['a', 'b', 'c'].map((zone) => `${LOCAL_REGION}${zone}`);

/**
 * Resolves CloudFormation intrinsic functions (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`,
 * `Fn::Select`, `Fn::Split`, `Fn::If` and the condition functions, `Fn::FindInMap`, `Fn::GetAZs`,
 * `Fn::Base64`, `Fn::ImportValue`, `Fn::ToJsonString`) and pseudo parameters to local values,
 * the way CloudFormation would at deploy time in the local account.
 */
export class IntrinsicResolver {
  private readonly identities = new Map<string, ResourceIdentity>();
  private readonly resolvingNames = new Set<string>();
  private readonly stackName: string;

  constructor(
    private readonly template: CfnTemplate,
    private readonly options: IntrinsicResolverOptions = {},
    /** Physical names decided by the loader (e.g. friendly state machine names), by logical id. */
    private readonly physicalNames: ReadonlyMap<string, string> = new Map(),
  ) {
    this.stackName = options.stackName ?? LOCAL_STACK_NAME;
  }

  /**
   * Resolves every intrinsic function in `value`.
   * @param where path of `value` in the template, for error messages.
   */
  resolve(value: unknown, where: string): unknown {
    const resolved = this.resolveValue(value, where);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Resolves `value` and checks that the result is a string. */
  resolveString(value: unknown, where: string): string {
    const resolved = this.resolve(value, where);
    if (typeof resolved !== 'string') throw new Error(`${where}: expected a string, found ${describe(resolved)}`);
    return resolved;
  }

  /** What `Ref` and `Fn::GetAtt` give for a resource. */
  identity(logicalId: string, where: string): ResourceIdentity {
    const cached = this.identities.get(logicalId);
    if (cached) return cached;
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`${where}: expected a resource named "${logicalId}" in the template, found none`);
    const identity = identityOf(resource.Type, logicalId, this.physicalName(logicalId, where));
    this.identities.set(logicalId, identity);
    return identity;
  }

  /** A resource's local physical name: the name property it sets, a loader-chosen name, or its logical id. */
  physicalName(logicalId: string, where: string): string {
    const chosen = this.physicalNames.get(logicalId);
    if (chosen !== undefined) return chosen;
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`${where}: expected a resource named "${logicalId}" in the template, found none`);
    const nameProperty = NAME_PROPERTY[resource.Type];
    const declared = nameProperty === undefined ? undefined : resource.Properties?.[nameProperty];
    if (declared === undefined) return logicalId;
    if (this.resolvingNames.has(logicalId)) {
      throw new Error(`${where}: the name of "${logicalId}" refers to itself (circular Ref/GetAtt)`);
    }
    this.resolvingNames.add(logicalId);
    try {
      return this.resolveString(declared, `Resources.${logicalId}.Properties.${nameProperty}`);
    } finally {
      this.resolvingNames.delete(logicalId);
    }
  }

  private resolveValue(value: unknown, where: string): unknown {
    if (Array.isArray(value)) {
      return value.map((item, i) => this.resolveValue(item, `${where}[${i}]`)).filter((item) => item !== NO_VALUE);
    }
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    const onlyKey = keys.length === 1 ? keys[0] : undefined;
    if (onlyKey !== undefined && (onlyKey === 'Ref' || onlyKey.startsWith('Fn::') || onlyKey === 'Condition')) {
      return this.resolveFunction(onlyKey, value[onlyKey], `${where}.${onlyKey}`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = this.resolveValue(item, `${where}.${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private resolveFunction(name: string, argument: unknown, where: string): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(this.expectString(argument, where), where);
      case 'Fn::GetAtt':
        return this.getAtt(argument, where);
      case 'Fn::Join': {
        const [delimiter, parts] = this.expectTuple(argument, 2, where);
        const list = this.resolveValue(parts, `${where}[1]`);
        if (!Array.isArray(list)) throw new Error(`${where}[1]: expected a list to join, found ${describe(list)}`);
        return list.map((part, i) => this.scalarText(part, `${where}[1][${i}]`)).join(this.expectString(delimiter, `${where}[0]`));
      }
      case 'Fn::Sub':
        return this.sub(argument, where);
      case 'Fn::Select': {
        const [index, list] = this.expectTuple(argument, 2, where);
        const resolvedList = this.resolveValue(list, `${where}[1]`);
        const position = Number(this.resolveValue(index, `${where}[0]`));
        if (!Array.isArray(resolvedList) || !Number.isInteger(position) || position < 0 || position >= resolvedList.length) {
          throw new Error(`${where}: expected an index within the list, found index ${position} of ${describe(resolvedList)}`);
        }
        return resolvedList[position];
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.expectTuple(argument, 2, where);
        return this.resolveString(source, `${where}[1]`).split(this.expectString(delimiter, `${where}[0]`));
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = this.expectTuple(argument, 3, where);
        const chosen = this.condition(this.expectString(condition, `${where}[0]`), where) ? whenTrue : whenFalse;
        return this.resolveValue(chosen, where);
      }
      case 'Condition':
        return this.condition(this.expectString(argument, where), where);
      case 'Fn::Equals': {
        const [left, right] = this.expectTuple(argument, 2, where);
        return JSON.stringify(this.resolve(left, `${where}[0]`)) === JSON.stringify(this.resolve(right, `${where}[1]`));
      }
      case 'Fn::Not': {
        const [operand] = this.expectTuple(argument, 1, where);
        return !this.expectBoolean(this.resolve(operand, `${where}[0]`), `${where}[0]`);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(argument)) throw new Error(`${where}: expected a list of conditions, found ${describe(argument)}`);
        const values = argument.map((item, i) => this.expectBoolean(this.resolve(item, `${where}[${i}]`), `${where}[${i}]`));
        return name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = this.expectTuple(argument, 3, where);
        const mapName = this.resolveString(map, `${where}[0]`);
        const topKey = this.resolveString(top, `${where}[1]`);
        const secondKey = this.resolveString(second, `${where}[2]`);
        const found = this.template.Mappings?.[mapName]?.[topKey]?.[secondKey];
        if (found === undefined) throw new Error(`${where}: expected Mappings.${mapName}.${topKey}.${secondKey}, found none`);
        return this.resolveValue(found, where);
      }
      case 'Fn::GetAZs':
        return [...AVAILABILITY_ZONES];
      case 'Fn::Base64':
        return Buffer.from(this.resolveString(argument, where)).toString('base64');
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolve(argument, where));
      case 'Fn::ImportValue': {
        const exportName = this.resolveString(argument, where);
        const imported = this.options.imports?.[exportName];
        if (imported === undefined) {
          throw new Error(`${where}: expected a value for import "${exportName}" in the "imports" option, found none`);
        }
        return imported;
      }
      default:
        throw new Error(`${where}: expected a supported intrinsic function, found "${name}"`);
    }
  }

  private ref(name: string, where: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return LOCAL_REGION;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT_ID;
      case 'AWS::Partition':
        return LOCAL_PARTITION;
      case 'AWS::URLSuffix':
        return LOCAL_URL_SUFFIX;
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::StackId':
        return `arn:${LOCAL_PARTITION}:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stack/${this.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      const value = this.options.parameters?.[name] ?? parameter.Default;
      if (value === undefined) {
        throw new Error(`${where}: expected a value for parameter "${name}" (option "parameters" or a Default), found none`);
      }
      return value;
    }
    if (this.template.Resources[name]) return this.identity(name, where).ref;
    throw new Error(`${where}: expected "${name}" to be a resource, a parameter or a pseudo parameter, found none of these`);
  }

  private getAtt(argument: unknown, where: string): string {
    let logicalId: unknown;
    let attribute: unknown;
    if (typeof argument === 'string') {
      const dot = argument.indexOf('.');
      [logicalId, attribute] = [argument.slice(0, dot), argument.slice(dot + 1)];
    } else {
      [logicalId, attribute] = this.expectTuple(argument, 2, where);
    }
    const id = this.expectString(logicalId, `${where}[0]`);
    const attributeName = this.resolveString(attribute, `${where}[1]`);
    const attributes = this.identity(id, where).attributes;
    const value = attributes[attributeName];
    if (value === undefined) {
      const type = this.template.Resources[id]?.Type ?? 'unknown type';
      throw new Error(
        `${where}: expected one of the attributes ${Object.keys(attributes).join(', ')} of ${id} (${type}), found "${attributeName}"`,
      );
    }
    return value;
  }

  private sub(argument: unknown, where: string): string {
    let text: string;
    let variables: Record<string, unknown> = {};
    if (typeof argument === 'string') {
      text = argument;
    } else {
      const [source, map] = this.expectTuple(argument, 2, where);
      text = this.expectString(source, `${where}[0]`);
      if (!isRecord(map)) throw new Error(`${where}[1]: expected a map of variables, found ${describe(map)}`);
      variables = map;
    }
    // `${!Literal}` writes `${Literal}` verbatim; `${Name}` is a variable, a Ref or (with a dot) a GetAtt.
    return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      if (name in variables) return this.scalarText(this.resolveValue(variables[name], `${where}[1].${name}`), `${where}[1].${name}`);
      if (name.includes('.') && !name.startsWith('AWS::')) return this.getAtt(name, `${where} \${${name}}`);
      return this.scalarText(this.ref(name, `${where} \${${name}}`), `${where} \${${name}}`);
    });
  }

  private condition(name: string, where: string): boolean {
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`${where}: expected a condition named "${name}" in Conditions, found none`);
    return this.expectBoolean(this.resolve(definition, `Conditions.${name}`), `Conditions.${name}`);
  }

  private scalarText(value: unknown, where: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new Error(`${where}: expected a string, number or boolean, found ${describe(value)}`);
  }

  private expectString(value: unknown, where: string): string {
    if (typeof value !== 'string') throw new Error(`${where}: expected a string, found ${describe(value)}`);
    return value;
  }

  private expectBoolean(value: unknown, where: string): boolean {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new Error(`${where}: expected a condition (boolean), found ${describe(value)}`);
  }

  private expectTuple(value: unknown, length: number, where: string): unknown[] {
    if (!Array.isArray(value) || value.length !== length) {
      throw new Error(`${where}: expected a list of ${length} arguments, found ${describe(value)}`);
    }
    return value;
  }
}

