import { isRecord, type JsonObject, type JsonValue } from '../json';

/**
 * Sizes of DynamoDB items and the capacity units a request consumes, by the rules of "DynamoDB
 * item sizes and formats" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * an item is the sum of its attribute names' and values' lengths; a string counts its UTF-8
 * bytes, a number 1 byte per two significant digits plus 1, a binary its raw bytes, a null or
 * Boolean 1 byte, a list or map 3 bytes plus its elements, each element 1 byte more.
 */

/** One write request unit covers this many bytes of item (on-demand, standard writes). */
export const WRITE_UNIT_BYTES = 1024;

/** One read request unit covers this many bytes of item (strongly consistent; eventually consistent costs half). */
export const READ_UNIT_BYTES = 4096;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Bytes of a number as DynamoDB stores it: leading and trailing zeros trimmed, 1 byte per two
 * significant digits, plus 1.
 * @example numberSize('1700000000'); // 2: the significant digits "17" take 1 byte, plus 1
 */
export function numberSize(text: string): number {
  const digits = text.replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/**
 * Bytes of one attribute value in DynamoDB's wire format (`{ "S": "…" }`, `{ "N": "…" }`, `{ "M": {…} }`, …),
 * without its name.
 * @throws naming the value when it is not an AttributeValue.
 */
export function attributeValueSize(value: JsonValue): number {
  if (!isRecord(value)) throw new Error(`DynamoDB item size: expected an AttributeValue object, found ${JSON.stringify(value)}`);
  const [type, content] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return utf8(String(content));
    case 'N':
      return numberSize(String(content));
    case 'B':
      // Sent as base64; sized by its raw bytes.
      return Buffer.from(String(content), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (content as string[]).reduce((sum, item) => sum + utf8(item), 0);
    case 'NS':
      return (content as string[]).reduce((sum, item) => sum + numberSize(item), 0);
    case 'BS':
      return (content as string[]).reduce((sum, item) => sum + Buffer.from(item, 'base64').length, 0);
    case 'L':
      return 3 + (content as JsonValue[]).reduce<number>((sum, item) => sum + 1 + attributeValueSize(item), 0);
    case 'M':
      return 3 + Object.entries(content as JsonObject).reduce((sum, [name, item]) => sum + 1 + utf8(name) + attributeValueSize(item), 0);
    default:
      throw new Error(`DynamoDB item size: expected an AttributeValue type (S, N, B, BOOL, NULL, SS, NS, BS, L, M), found ${JSON.stringify(type)}`);
  }
}

/**
 * Bytes of an item in DynamoDB's wire format: every attribute's name and value.
 * @example itemSize({ jobId: { S: 'j-1' } }); // 5 + 3 = 8
 */
export function itemSize(item: JsonObject): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + attributeValueSize(value), 0);
}

/**
 * Write request units of one write of an item of `bytes` (the larger of the item before and after
 * it; at least 1, also for a write whose condition failed).
 * @example writeUnits(1025); // 2
 */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
}

/**
 * Read request units of one read of `bytes` of items: 1 per 4 KB strongly consistent, half of
 * that eventually consistent; a read that finds nothing still costs the minimum.
 * @example readUnits(5000, false); // 1
 */
export function readUnits(bytes: number, consistentRead: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return consistentRead ? units : units / 2;
}
