import { EmfParseError } from '../errors';
import { parseEmfLine } from './parse-emf-line';

const LINE = JSON.stringify({
  State: 'RUNNING',
  JobQueue: 'high',
  JobId: 'job-1',
  Workflow: 'job-states',
  _aws: {
    Timestamp: 1717000000000,
    CloudWatchMetrics: [
      { Dimensions: [['State'], ['State', 'JobQueue']], Metrics: [{ Name: 'JobStateTransitions', Unit: 'Count' }], Namespace: 'AWSBatchMetrics' },
    ],
  },
  JobStateTransitions: 1,
});

function document(overrides: Record<string, unknown>): string {
  return JSON.stringify({ ...(JSON.parse(LINE) as Record<string, unknown>), ...overrides });
}

function directive(overrides: Record<string, unknown>): string {
  return document({
    _aws: {
      Timestamp: 1717000000000,
      CloudWatchMetrics: [
        { Dimensions: [['State']], Metrics: [{ Name: 'JobStateTransitions', Unit: 'Count' }], Namespace: 'N', ...overrides },
      ],
    },
  });
}

function parseError(line: string): EmfParseError {
  try {
    parseEmfLine(line);
  } catch (error) {
    if (error instanceof EmfParseError) return error;
    throw error;
  }
  throw new Error('expected parseEmfLine to throw');
}

describe('parseEmfLine', () => {
  it('reads namespace, timestamp, metrics, dimension sets, dimension values and properties', () => {
    expect(parseEmfLine(LINE)).toEqual({
      namespace: 'AWSBatchMetrics',
      timestamp: 1717000000000,
      metrics: [{ name: 'JobStateTransitions', unit: 'Count', value: 1 }],
      dimensionSets: [['State'], ['State', 'JobQueue']],
      dimensions: { State: 'RUNNING', JobQueue: 'high' },
      properties: { JobId: 'job-1', Workflow: 'job-states' },
    });
  });

  it('reads a metric without unit as None, as CloudWatch does', () => {
    expect(parseEmfLine(directive({ Metrics: [{ Name: 'JobStateTransitions' }] })).metrics[0]?.unit).toBe('None');
  });

  it('keeps an array of values as written', () => {
    expect(parseEmfLine(document({ JobStateTransitions: [1, 2] })).metrics[0]?.value).toEqual([1, 2]);
  });

  it('names a line that is not JSON', () => {
    expect(parseError('INFO starting').message).toMatch(/^Malformed EMF line: \(line\): expected a JSON document, found string "INFO starting"/);
  });

  it('names a missing metadata object', () => {
    expect(parseError('{"JobStateTransitions":1}').message).toBe('Malformed EMF line: _aws: expected object, found undefined (field missing)');
  });

  it('names a timestamp that is not epoch milliseconds', () => {
    const line = document({ _aws: { Timestamp: '2024-06-01T00:00:00Z', CloudWatchMetrics: [] } });
    expect(parseError(line)).toMatchObject({ path: '_aws.Timestamp', reason: 'expected number, found string "2024-06-01T00:00:00Z"' });
  });

  it('names a metric whose value is missing from the root node', () => {
    expect(parseError(document({ JobStateTransitions: undefined }))).toMatchObject({
      path: 'JobStateTransitions',
      reason: expect.stringContaining('expected a number or a non-empty array of numbers') as unknown,
    });
  });

  it('names a dimension whose value is not a string', () => {
    expect(parseError(document({ JobQueue: 7 }))).toMatchObject({
      path: 'JobQueue',
      reason: 'expected a string for dimension _aws.CloudWatchMetrics.0.Dimensions.1, found number 7',
    });
  });

  it('rejects a line with several metric directives', () => {
    const line = document({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          { Dimensions: [], Metrics: [], Namespace: 'A' },
          { Dimensions: [], Metrics: [], Namespace: 'B' },
        ],
      },
    });
    expect(parseError(line).reason).toBe('expected exactly one metric directive, found 2');
  });
});
