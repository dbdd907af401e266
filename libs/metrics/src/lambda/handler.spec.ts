import { parseEmfLine } from '../emf/parse-emf-line';
import { recentTime, sqsEvent, sqsRecord } from '../emitter/__fixtures__/sqs-event';

describe('Lambda handler', () => {
  it('publishes to the namespace in METRICS_NAMESPACE through stdout', async () => {
    const saved = process.env['METRICS_NAMESPACE'];
    process.env['METRICS_NAMESPACE'] = 'LambdaNamespace';
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // The handler reads its environment once, at module load (cold start).
      const { handler } = await import('./handler');
      const body = { source: 'job-states', records: [{ metric: 'JobStateTransitions', value: 1, time: recentTime(), dimensions: {} }] };
      const response = await handler(sqsEvent(sqsRecord('m1', JSON.stringify(body))));

      expect(response).toEqual({ batchItemFailures: [] });
      expect(parseEmfLine(String(stdout.mock.calls[0]?.[0]).trimEnd()).namespace).toBe('LambdaNamespace');
    } finally {
      stdout.mockRestore();
      if (saved === undefined) delete process.env['METRICS_NAMESPACE'];
      else process.env['METRICS_NAMESPACE'] = saved;
    }
  });
});
