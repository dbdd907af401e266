import { describeValue as describe, isRecord } from '../json';

/**
 * Readers for resolved template properties. Each names the property path and the value it found,
 * so a template the emulator cannot use says exactly where and why.
 */

/** A required string property. */
export function readString(source: Record<string, unknown>, key: string, where: string): string {
  const value = source[key];
  if (typeof value !== 'string') throw new Error(`${where}.${key}: expected a string, found ${describe(value)}`);
  return value;
}

/** An optional string property. */
export function readOptionalString(source: Record<string, unknown>, key: string, where: string): string | undefined {
  return source[key] === undefined ? undefined : readString(source, key, where);
}

/** An optional number property; CloudFormation also accepts numbers written as strings. */
export function readOptionalNumber(source: Record<string, unknown>, key: string, where: string): number | undefined {
  const value = source[key];
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw new Error(`${where}.${key}: expected a number, found ${describe(value)}`);
  }
  return number;
}

/** An optional boolean property; CloudFormation also accepts "true" and "false". */
export function readOptionalBoolean(source: Record<string, unknown>, key: string, where: string): boolean | undefined {
  const value = source[key];
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`${where}.${key}: expected a boolean, found ${describe(value)}`);
}

/** A required list of objects. */
export function readObjectList(source: Record<string, unknown>, key: string, where: string): Record<string, unknown>[] {
  const value = source[key];
  if (!Array.isArray(value)) throw new Error(`${where}.${key}: expected a list, found ${describe(value)}`);
  return value.map((item, i) => {
    if (!isRecord(item)) throw new Error(`${where}.${key}[${i}]: expected an object, found ${describe(item)}`);
    return item;
  });
}

/** An optional list of objects (empty when absent). */
export function readOptionalObjectList(source: Record<string, unknown>, key: string, where: string): Record<string, unknown>[] {
  return source[key] === undefined ? [] : readObjectList(source, key, where);
}

/** An object property, or a JSON text of one (CloudFormation accepts both for policies and patterns). */
export function readObjectOrJson(value: unknown, where: string): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new Error(`${where}: expected JSON text, found text that does not parse (${(error as Error).message})`, { cause: error });
    }
  }
  if (!isRecord(parsed)) throw new Error(`${where}: expected an object, found ${describe(parsed)}`);
  return parsed;
}
