import { parseEmfLine } from '../emf/parse-emf-line';
import { recentTime, sqsEvent, sqsRecord } from '../emitter/__fixtures__/sqs-event';

describe('Lambda handler', () => {
  it('publishes to the namespace in METRICS_NAMESPACE through stdout', async () => {
    const saved = process.env['METRICS_NAMESPACE'];
    process.env['METRICS_NAMESPACE'] = 'LambdaNamespace';
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // The handler reads its environment once, at module load (cold start).
      const { handler } = await import('./handler');
      const body = { source: 'job-states', records: [{ metric: 'JobStateTransitions', value: 1, time: recentTime(), dimensions: {} }] };
      const response = await handler(sqsEvent(sqsRecord('m1', JSON.stringify(body))));

      expect(response).toEqual({ batchItemFailures: [] });
      expect(parseEmfLine(String(log.mock.calls[0]?.[0])).namespace).toBe('LambdaNamespace');
    } finally {
      log.mockRestore();
      if (saved === undefined) delete process.env['METRICS_NAMESPACE'];
      else process.env['METRICS_NAMESPACE'] = saved;
    }
  });
});
