import { z } from 'zod';
import { describeIssue } from './describe-issue';

function problemOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be invalid');
  const [issue] = result.error.issues;
  if (issue === undefined) throw new Error('expected an issue');
  return describeIssue(issue, input);
}

describe('describeIssue', () => {
  it('names the path and the value found for a wrong type', () => {
    expect(problemOf(z.object({ a: z.array(z.object({ b: z.number() })) }), { a: [{ b: 'x' }] })).toEqual({
      path: 'a.0.b',
      reason: 'expected number, found string "x"',
    });
  });

  it('says nothing was found for a missing field', () => {
    expect(problemOf(z.object({ source: z.string() }), {})).toEqual({ path: 'source', reason: 'expected string, found undefined (field missing)' });
  });

  it('names an unknown record key', () => {
    expect(problemOf(z.object({ d: z.partialRecord(z.enum(['A']), z.string()) }), { d: { B: 'x' } })).toEqual({
      path: 'd',
      reason: 'unknown key "B"',
    });
  });

  it('locates a problem with the whole document at the root', () => {
    expect(problemOf(z.object({}), null)).toEqual({ path: '(root)', reason: 'expected object, found null' });
  });
});
