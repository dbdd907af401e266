import { attributeValueSize, itemSize, numberSize, readUnits, writeUnits, READ_UNIT_BYTES, WRITE_UNIT_BYTES } from './item-size';

// The rules of "DynamoDB item sizes and formats" (CapacityUnitCalculations.html), one per test.
describe('DynamoDB item size', () => {
  it('counts a string attribute as the UTF-8 bytes of its name and of its value', () => {
    expect(itemSize({ jobId: { S: 'jé' } })).toBe(Buffer.byteLength('jobId') + Buffer.byteLength('jé'));
  });

  it('counts a number as 1 byte per two significant digits plus 1, leading and trailing zeros trimmed', () => {
    expect(numberSize('1700000000')).toBe(2);
    expect(numberSize('0.00125')).toBe(3);
    expect(numberSize('12345')).toBe(4);
    expect(numberSize('-7')).toBe(2);
  });

  it('counts a binary attribute by its raw bytes, not its base64 text', () => {
    expect(attributeValueSize({ B: Buffer.from('abcdef').toString('base64') })).toBe(6);
  });

  it('counts a Boolean or null attribute as 1 byte', () => {
    expect(attributeValueSize({ BOOL: true })).toBe(1);
    expect(attributeValueSize({ NULL: true })).toBe(1);
  });

  it('adds 3 bytes per list or map and 1 byte per element', () => {
    const list = { L: [{ S: 'ab' }, { S: 'c' }] };
    expect(attributeValueSize(list)).toBe(3 + (1 + 2) + (1 + 1));
    const map = { M: { a: { S: 'xy' } } };
    expect(attributeValueSize(map)).toBe(3 + 1 + Buffer.byteLength('a') + 2);
    expect(attributeValueSize({ M: {} })).toBe(3);
  });

  it('refuses a value that is not an AttributeValue, naming it', () => {
    expect(() => attributeValueSize({ X: 'y' })).toThrow(/expected an AttributeValue type .* found "X"/);
  });
});

describe('request units', () => {
  it('charges one write unit per started KB, at least one', () => {
    expect(writeUnits(0)).toBe(1);
    expect(writeUnits(WRITE_UNIT_BYTES)).toBe(1);
    expect(writeUnits(WRITE_UNIT_BYTES + 1)).toBe(2);
  });

  it('charges one read unit per started 4 KB strongly consistent and half of that eventually consistent', () => {
    expect(readUnits(READ_UNIT_BYTES + 1, true)).toBe(2);
    expect(readUnits(READ_UNIT_BYTES + 1, false)).toBe(1);
    expect(readUnits(0, false)).toBe(0.5);
  });
});
