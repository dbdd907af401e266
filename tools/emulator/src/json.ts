/** A JSON primitive. */
export type JsonPrimitive = string | number | boolean | null;

/** Any JSON value. */
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Whether `value` is a plain (non-array, non-null) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that `value` is JSON data (what a Step Functions payload may contain) and returns it typed.
 * @throws when `value` holds something JSON cannot represent (undefined, a function, a Date...).
 */
export function toJsonValue(value: unknown, where: string): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${where}: expected a finite number, found ${String(value)}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => toJsonValue(item, `${where}[${i}]`));
  if (value instanceof Uint8Array) {
    // The SDK returns binary attributes (B, BS) as bytes; Step Functions carries them as base64.
    return Buffer.from(value).toString('base64');
  }
  if (isRecord(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = toJsonValue(item, `${where}.${key}`);
    }
    return out;
  }
  throw new Error(`${where}: expected JSON data, found ${typeof value}`);
}

/**
 * A short description of a value for error messages, in the same words as batchmon's
 * `describeValue` (`@batchmon/event-schemas`), which the emulator may not import: it runs any
 * template. Its type and, for scalars and small containers, the value; long values cut.
 *
 * @example
 * describeValue(undefined); // 'undefined (field missing)'
 * describeValue('x'); // 'string "x"'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (field missing)';
  if (value === null) return 'null';
  const text = JSON.stringify(value) ?? String(value);
  const preview = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return `${Array.isArray(value) ? 'array' : typeof value} ${preview}`;
}
