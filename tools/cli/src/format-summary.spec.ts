import { emptySummary, emptyInputReport } from '@batchmon/local';
import { formatSummary } from './format-summary';

describe('formatSummary', () => {
  it('shows how the input was read, with what was skipped by kind, before the pipeline', () => {
    const input = { ...emptyInputReport('capture.jsonl'), readToEnd: true, bytesRead: 2048, problems: 3, problemsByKind: { 'malformed-json': 2, 'not-an-object': 1 } };
    const text = formatSummary({ ...emptySummary(), readToEnd: true, input });
    expect(text.split('\n').slice(0, 7)).toEqual([
      'input',
      expect.stringMatching(/^ {2}read to the end +yes$/) as unknown,
      expect.stringMatching(/^ {2}bytes read +2048$/) as unknown,
      expect.stringMatching(/^ {2}skipped \(not events\) +3$/) as unknown,
      expect.stringMatching(/^ {4}malformed-json +2$/) as unknown,
      expect.stringMatching(/^ {4}not-an-object +1$/) as unknown,
      'pipeline',
    ]);
  });

  it('says when the input was not read to its end', () => {
    expect(formatSummary({ ...emptySummary(), readToEnd: false, input: emptyInputReport('capture.jsonl') })).toMatch(/read to the end +no/);
  });

  it('has no input section for a simulated run', () => {
    expect(formatSummary(emptySummary()).split('\n')[0]).toBe('pipeline');
  });
});
