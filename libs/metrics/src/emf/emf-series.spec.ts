import { emfSeries, seriesKey } from './emf-series';

function line(dimensions: string[][], value: number | number[] = 1): string {
  return JSON.stringify({
    State: 'RUNNING',
    InstanceType: 'c5.large',
    _aws: {
      Timestamp: 1717000000000,
      CloudWatchMetrics: [{ Dimensions: dimensions, Metrics: [{ Name: 'JobStateTransitions', Unit: 'Count' }], Namespace: 'NS' }],
    },
    JobStateTransitions: value,
  });
}

describe('emfSeries', () => {
  it('yields one datapoint per metric and dimension set, with that set values only', () => {
    expect(emfSeries(line([['State'], ['State', 'InstanceType']]))).toEqual([
      { namespace: 'NS', metric: 'JobStateTransitions', dimensions: { State: 'RUNNING' }, timestamp: 1717000000000, value: 1, unit: 'Count' },
      {
        namespace: 'NS',
        metric: 'JobStateTransitions',
        dimensions: { State: 'RUNNING', InstanceType: 'c5.large' },
        timestamp: 1717000000000,
        value: 1,
        unit: 'Count',
      },
    ]);
  });

  it('yields a datapoint without dimensions for an empty dimension set', () => {
    expect(emfSeries(line([[]])).map((point) => point.dimensions)).toEqual([{}]);
  });

  it('yields one datapoint per value of a value array', () => {
    expect(emfSeries(line([['State']], [1, 4])).map((point) => point.value)).toEqual([1, 4]);
  });
});

describe('seriesKey', () => {
  it('identifies a series regardless of dimension order', () => {
    const a = seriesKey({ namespace: 'NS', metric: 'M', dimensions: { State: 'RUNNING', JobQueue: 'high' } });
    const b = seriesKey({ namespace: 'NS', metric: 'M', dimensions: { JobQueue: 'high', State: 'RUNNING' } });
    expect(a).toBe('NS/M{JobQueue=high,State=RUNNING}');
    expect(b).toBe(a);
  });
});
