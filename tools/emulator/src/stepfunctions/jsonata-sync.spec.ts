import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import jsonata from 'jsonata';
import { JSONATA_SYNC_SOURCE, jsonataSync, rewriteJsonataSource, synchronousJsonataSource } from './jsonata-sync';
import { JsonataSyncSourceError } from '../errors';

// The emulator evaluates the workflows' JSONata with a synchronous form of the installed jsonata
// (jsonata-sync.ts). These tests fail when jsonata is upgraded (the rewrite must be reviewed for
// the new source), and when the synchronous form answers anything but what jsonata answers.

const JSONATA_JS = require.resolve('jsonata');

describe('jsonataSync', () => {
  it('was written for the installed version of jsonata', () => {
    const installed = (JSON.parse(readFileSync(join(dirname(JSONATA_JS), 'package.json'), 'utf8')) as { version: string }).version;
    expect(installed).toBe(JSONATA_SYNC_SOURCE.version);
    expect(() => synchronousJsonataSource()).not.toThrow();
  });

  it('refuses a jsonata.js other than the one it was written for', () => {
    const changed = `${readFileSync(JSONATA_JS, 'utf8')}\nasync function added() { await 1; }\n`;
    expect(() => rewriteJsonataSource(changed, 'changed/jsonata.js')).toThrow(JsonataSyncSourceError);
    expect(() => rewriteJsonataSource(changed, 'changed/jsonata.js')).toThrow(/expected changed\/jsonata\.js to be jsonata 2\.2\.2 .*found SHA-256 [0-9a-f]{64}/);
  });

  it('leaves no async function, await or Promise.all in the source it compiles', () => {
    const { source } = synchronousJsonataSource();
    expect(source).not.toMatch(/\basync function\b|\bawait\b|Promise\.all/);
  });

  it('returns the value itself, not a promise', () => {
    expect(jsonataSync('$states.input.a + 1').evaluate(undefined, { states: { input: { a: 1 } } })).toBe(2);
  });

  // The constructs the workflows' expressions use: blocks and variables, lambdas and higher-order
  // functions, array and object constructors (the two Promise.all of jsonata), grouping, filters,
  // regular expressions, string and number functions, and sorting with a comparator.
  const states = {
    input: {
      items: [
        { name: 'a', price: 1, tags: ['x', 'y'] },
        { name: 'b', price: 2.5, tags: [] },
        { name: 'c', price: 3, tags: ['y'] },
      ],
      text: 'AWSBatch-ce-one-1234|m5.large',
      absent: null,
    },
    context: { Execution: { Name: 'run-1' } },
  };
  const expressions = [
    '$states.input.items.name',
    '$states.input.items[price > 1].{ "name": name, "double": price * 2 }',
    '[$states.input.items.price, "x", [1, 2], $states.input.missing]',
    '$states.input.items{ name: price }',
    '$states.input.items.tags{ $: $count($) }',
    '( $total := function($k) { $sum($states.input.items[name = $k].price) }; $merge($map(["a", "c"], function($k) { { $k: $total($k) } })) )',
    '$reduce($states.input.items, function($acc, $i) { $acc + $i.price }, 0)',
    '$sort($states.input.items, function($l, $r) { $l.price < $r.price }).name',
    '$filter($states.input.items, function($i) { "y" in $i.tags }).name',
    '$sift($states.input.items[0], function($v, $k) { $k != "tags" })',
    '$match($states.input.text, /AWSBatch-(.+)-[0-9]+/).groups[0]',
    '$replace($states.input.text, /[0-9]+/, function($m) { "#" & $m.match })',
    '$contains($states.input.text, /m5/) and $split($states.input.text, "|")[1] = "m5.large"',
    '$exists($states.input.absent) ? "present" : "absent"',
    '$string({ "n": $number("42"), "s": $substring($states.context.Execution.Name, 0, 3) })',
    '$distinct($append($states.input.items.tags, ["z"]))',
    '$lookup({ "k": [1, 2] }, "k")[1]',
    '$each({ "a": 1, "b": 2 }, function($v, $k) { $k & $v })',
    '$states.input.items#$i[$i > 0].{ "at": $i, "name": name }',
    '$single($states.input.items, function($i) { $i.name = "b" }).price',
  ];

  it.each(expressions)('gives what jsonata gives for %s', async (expression) => {
    const expected: unknown = await jsonata(expression).evaluate(undefined, { states });
    expect(jsonataSync(expression).evaluate(undefined, { states })).toStrictEqual(expected);
  });

  it.each(['$states.input.items.price + "x"', '$single($states.input.items, function($i) { $i.price > 1 })', '$undefinedFunction(1)'])(
    'throws the error jsonata rejects with for %s',
    async (expression) => {
      const rejected: unknown = await jsonata(expression)
        .evaluate(undefined, { states })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(rejected).toMatchObject({ code: expect.any(String) });
      expect(() => jsonataSync(expression).evaluate(undefined, { states })).toThrow(expect.objectContaining({ code: (rejected as { code: string }).code }));
    },
  );
});
