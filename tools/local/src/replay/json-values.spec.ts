import { JsonValueScanner, type ScanItem } from './json-values';

const limits = { maxDepth: 8, maxChars: 200 };
const scan = (...chunks: string[]): ScanItem[] => {
  const scanner = new JsonValueScanner(limits);
  return [...chunks.flatMap((text) => scanner.push({ text, invalidUtf8: false })), ...scanner.end()];
};

describe('JsonValueScanner', () => {
  it('finds the same values and problems wherever the text is cut into chunks', () => {
    const text = '{"a":"x\\"}{[","b":[1,-2.5e3,true,null]}\n42\n{"c": oops}\n"s\\\\"\n{"d":{"e":[[]]}}\n';
    const whole = scan(text);
    expect(whole.map((item) => (item.kind === 'value' ? item.text : item.problem))).toEqual([
      '{"a":"x\\"}{[","b":[1,-2.5e3,true,null]}',
      '42',
      'malformed-json',
      '"s\\\\"',
      '{"d":{"e":[[]]}}',
    ]);
    for (let cut = 1; cut < text.length; cut += 1) expect(scan(text.slice(0, cut), text.slice(cut))).toEqual(whole);
  });

  it('reads the elements of an array as the values', () => {
    expect(scan('[ {"a":1} , 2 ,"x"]').map((item) => item.kind === 'value' && item.text)).toEqual(['{"a":1}', '2', '"x"']);
  });

  it('says where the text breaks, by line and column', () => {
    expect(scan('{"a":1}\n{"b" 2}\n')).toContainEqual({
      kind: 'problem',
      problem: 'malformed-json',
      line: 2,
      message: `2:6: expected ':' after the key, found "2" in the value that starts at 2:1`,
    });
  });

  it('reports a closing bracket that does not match its opening one', () => {
    expect(scan('{"a":[1}\n')).toEqual([
      { kind: 'problem', problem: 'malformed-json', line: 1, message: `1:8: expected ']', found "}" in the value that starts at 1:1` },
    ]);
  });

  // An object around arrays: a text that starts with `[` would be an array of values instead.
  const nested = (depth: number): string => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  it('marks a value deeper than the limit without keeping its text', () => {
    const deep = nested(limits.maxDepth + 1);
    expect(scan(deep)).toEqual([{ kind: 'value', text: '', line: 1, column: 1, tooDeep: true, tooLarge: false, invalidUtf8: false }]);
  });

  it('keeps a value exactly as deep as the limit', () => {
    const deep = nested(limits.maxDepth);
    expect(scan(deep)).toMatchObject([{ text: deep, tooDeep: false }]);
  });

  it('marks a value longer than the limit without keeping its text, even across chunks', () => {
    const long = `{"a":"${'x'.repeat(limits.maxChars)}"}`;
    expect(scan(long.slice(0, 50), long.slice(50))).toMatchObject([{ kind: 'value', text: '', tooLarge: true }]);
  });

  it('marks a value with a replacement character from invalid UTF-8', () => {
    const scanner = new JsonValueScanner(limits);
    expect(scanner.push({ text: '{"a":"\uFFFD"}', invalidUtf8: true })).toMatchObject([{ kind: 'value', invalidUtf8: true }]);
  });
});
