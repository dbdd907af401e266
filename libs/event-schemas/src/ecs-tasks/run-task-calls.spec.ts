import { sampleBatchClusterName } from '../sample-resources/sample-resources';
import { buildRunTaskCall, runTaskBatchContext, runTaskCallSchema } from './run-task-calls';

describe('RunTask calls', () => {
  it('are built valid when the task starts', () => {
    const event = buildRunTaskCall();
    expect(runTaskCallSchema.safeParse(event).success).toBe(true);
    expect(event.detail.responseElements?.tasks).toHaveLength(1);
    expect(event.detail.responseElements?.failures).toEqual([]);
  });

  it('are built valid with placement failures and their reason', () => {
    const event = buildRunTaskCall({ failures: [{ reason: 'RESOURCE:MEMORY' }] });
    expect(runTaskCallSchema.safeParse(event).success).toBe(true);
    expect(event.detail.responseElements?.tasks).toEqual([]);
    expect(event.detail.responseElements?.failures?.[0]).toMatchObject({
      reason: 'RESOURCE:MEMORY',
      arn: expect.stringMatching(/:container-instance\//),
    });
  });

  it('are built valid when the call itself failed, with null responseElements', () => {
    const event = buildRunTaskCall({ errorCode: 'ThrottlingException' });
    expect(runTaskCallSchema.safeParse(event).success).toBe(true);
    expect(event.detail.responseElements).toBeNull();
    expect(event.detail.errorCode).toBe('ThrottlingException');
  });

  it('accept task timestamps as strings or numbers', () => {
    const event = buildRunTaskCall();
    const task = { ...event.detail.responseElements?.tasks?.[0], createdAt: 1714564800 };
    const withEpoch = { ...event, detail: { ...event.detail, responseElements: { tasks: [task], failures: [] } } };
    expect(runTaskCallSchema.safeParse(withEpoch).success).toBe(true);
  });

  it('require the cluster', () => {
    const event = buildRunTaskCall();
    const requestParameters = { ...event.detail.requestParameters, cluster: undefined };
    const parsed = runTaskCallSchema.safeParse({ ...event, detail: { ...event.detail, requestParameters } });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['detail.requestParameters.cluster']);
  });
});

describe('runTaskBatchContext', () => {
  it('reads compute environment, queue and definition names from the Batch tags', () => {
    expect(runTaskBatchContext(buildRunTaskCall())).toEqual({
      computeEnvironmentName: 'batchmon-ce',
      jobQueueName: 'batchmon-queue',
      jobDefinitionName: 'batchmon-job',
    });
  });

  it('falls back to the cluster name for the compute environment when tags are absent', () => {
    const context = runTaskBatchContext(buildRunTaskCall({ cluster: sampleBatchClusterName('other-ce'), withBatchTags: false }));
    expect(context).toEqual({ computeEnvironmentName: 'other-ce', jobQueueName: undefined, jobDefinitionName: undefined });
  });

  it('does not take redacted environment values for names', () => {
    expect(runTaskBatchContext(buildRunTaskCall({ withBatchTags: false })).jobQueueName).toBeUndefined();
  });
});
