import jsonata from 'jsonata';
import { toJson } from './jsonata-states';

describe('toJson', () => {
  const expressions = [
    '$states.input.items.name',
    '$states.input.items[price > 1]',
    '$states.input.items.{ "name": name, "missing": nothing, "price": price * 2 }',
    '[$states.input.items.price, 1 / 0 = 2]',
    '$map($states.input.items, function($i) { $i.name })',
    '{ "one": $states.input.items[0].name, "absent": $states.input.none }',
    '$states.input',
  ];
  // Parsed, so that "__proto__" is an own key, as in an execution's JSON input.
  const states = JSON.parse('{ "input": { "items": [{ "name": "a", "price": 1 }, { "name": "b", "price": 2.5 }, { "name": "c", "price": 3 }], "__proto__": { "kept": true } } }') as unknown;

  it.each(expressions)('gives what a JSON round trip gives for the result of %s', async (expression) => {
    const value: unknown = await jsonata(expression).evaluate(undefined, { states });
    expect(toJson(value)).toStrictEqual(JSON.parse(JSON.stringify(value)));
  });

  it('turns non-finite numbers into null, drops undefined members and honours toJSON', () => {
    const value = { nan: NaN, list: [undefined, Infinity, () => 1], gone: undefined, at: new Date(0) };
    expect(toJson(value)).toStrictEqual(JSON.parse(JSON.stringify(value)));
  });
});
