import { FIRST_PROBLEMS_KEPT, emptyInputReport, escapeControlCharacters, formatInputProblem, recordInputProblem } from './input-report';

describe('input problems', () => {
  it('are formatted as one line with file, line, kind, field path and reason', () => {
    expect(formatInputProblem('c.jsonl', { kind: 'missing-field', line: 7, path: 'detail-type', message: 'expected a non-empty string, found undefined (field missing)' })).toBe(
      'c.jsonl:7: missing-field: detail-type: expected a non-empty string, found undefined (field missing)',
    );
  });

  it('are formatted without control characters, whatever the input held', () => {
    expect(formatInputProblem('c.jsonl', { kind: 'malformed-json', line: 1, message: 'found "\u001b[2J\u0007\u0085"' })).toBe('c.jsonl:1: malformed-json: found "\\u001b[2J\\u0007\\u0085"');
  });

  it('are all counted by kind, the first ones kept as lines', () => {
    const report = emptyInputReport('c.jsonl');
    const count = FIRST_PROBLEMS_KEPT + 5;
    for (let line = 1; line <= count; line += 1) recordInputProblem(report, { kind: line % 2 === 0 ? 'not-an-object' : 'malformed-json', line, message: 'x' });
    expect(report.problems).toBe(count);
    expect(report.problemsByKind).toEqual({ 'malformed-json': Math.ceil(count / 2), 'not-an-object': Math.floor(count / 2) });
    expect(report.firstProblems).toHaveLength(FIRST_PROBLEMS_KEPT);
    expect(report.firstProblems[0]).toBe('c.jsonl:1: malformed-json: x');
  });

  it('leave the text of other scripts alone when escaping', () => {
    expect(escapeControlCharacters('queue é 日本')).toBe('queue é 日本');
  });
});
