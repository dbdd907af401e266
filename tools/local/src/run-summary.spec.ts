import { accountEmfLine, emptySummary } from './run-summary';

/** An EMF line of `SkippedEvents` published under `sets`, with `Reason` on its root as the emitter writes it. */
const skippedLine = (sets: readonly (readonly string[])[]): string =>
  JSON.stringify({
    Workflow: 'RunTask',
    Reason: 'duplicate-call',
    _aws: { Timestamp: 1764428400000, CloudWatchMetrics: [{ Namespace: 'AWSBatchMetrics', Dimensions: sets, Metrics: [{ Name: 'SkippedEvents', Unit: 'Count' }] }] },
    SkippedEvents: 2,
  });

describe('accountEmfLine', () => {
  it('reads the reason of a skip published by reason (the detailed profile)', () => {
    const summary = emptySummary();
    accountEmfLine(summary, skippedLine([['Workflow'], ['Workflow', 'Reason']]));
    expect(summary.skipped).toEqual({ 'duplicate-call': 2 });
  });

  it('reads the reason of a skip published by workflow only, from the line’s field (the essential profile)', () => {
    const summary = emptySummary();
    accountEmfLine(summary, skippedLine([['Workflow']]));
    expect(summary).toMatchObject({ skipped: { 'duplicate-call': 2 }, metricTotals: { SkippedEvents: 2 }, emfRecords: 1 });
  });
});
