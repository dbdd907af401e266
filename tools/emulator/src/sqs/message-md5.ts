import { createHash } from 'node:crypto';

/** A message attribute as the SQS API takes it (`SendMessage` `MessageAttributes` values). */
export interface SqsMessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64 text (how Step Functions carries binary data in JSON). */
  readonly BinaryValue?: string;
}

/** MD5 of a message body, hex, as SQS reports it in `MD5OfMessageBody`. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/**
 * MD5 of message attributes as SQS computes it for `MD5OfMessageAttributes`: attributes sorted by
 * name, each encoded as length-prefixed name, length-prefixed data type, a transport byte (1 for
 * string values, 2 for binary) and the length-prefixed value.
 */
export function md5OfMessageAttributes(attributes: Readonly<Record<string, SqsMessageAttributeValue>>): string {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer): void => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    if (!attribute) continue;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
