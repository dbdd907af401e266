import { buildJobStateChange } from '@batchmon/event-schemas';
import { INTEGRATIONS } from '@batchmon/correlation';
import { startLocalBatchmon } from '@batchmon/local';
import { EmbeddedOnlyError } from '../errors';
import { batchmonOn } from './backend-batchmon';
import { startEmbeddedBackend } from './embedded-backend';

// The view the stories get on a container backend, checked here over the embedded backend: for
// the same events it must keep the same summary, lines and failed events as the local batchmon.
const events = (['SUBMITTED', 'RUNNABLE', 'RUNNING'] as const).map((status) => buildJobStateChange({ status, jobId: 'job-7' }));

describe('batchmonOn a backend', () => {
  it('keeps the summary, EMF lines and failed events the local batchmon keeps for the same events', async () => {
    const local = await startLocalBatchmon({ stack: { metricsProfile: 'detailed' } });
    const backend = await startEmbeddedBackend({ stack: { metricsProfile: 'detailed' } });
    const viewed = batchmonOn(backend, backend.batchmon.pipeline.template);
    try {
      // One permanent failure each, so the failed-events path is compared too.
      for (const batchmon of [local, backend.batchmon]) batchmon.pipeline.faults.inject({ resource: INTEGRATIONS.updateItem, error: 'DynamoDB.ValidationException', times: 1 });
      for (const event of events) {
        await local.ingest(event);
        await viewed.ingest(event);
      }
      await local.flush();
      await viewed.flush();
      expect(viewed.summary()).toEqual(local.summary());
      expect(viewed.emfLines.length).toBe(local.emfLines.length);
      expect(viewed.failedEvents).toHaveLength(1);
      expect(viewed.failedEvents.map((message) => (message as { error?: unknown }).error)).toEqual(local.failedEvents.map((message) => (message as { error?: unknown }).error));
    } finally {
      await local.close();
      await viewed.close();
    }
  });

  it('serves the template and direct executions, and names the embedded backend for fault injection', async () => {
    const backend = await startEmbeddedBackend();
    const viewed = batchmonOn(backend, backend.batchmon.pipeline.template);
    try {
      const execution = await viewed.pipeline.startExecution('JobStatesWorkflow', JSON.parse(JSON.stringify(buildJobStateChange({ status: 'SUBMITTED' }))));
      expect(execution.status).toBe('SUCCEEDED');
      expect(viewed.pipeline.template.stateMachine('JobStatesWorkflow').name).toBe('JobStatesWorkflow');
      expect(() => viewed.pipeline.faults).toThrow(EmbeddedOnlyError);
      expect(() => viewed.pipeline.faults).toThrow(/batchmon\.pipeline\.faults: expected the embedded backend, found BATCHMON_EMULATOR=embedded/);
    } finally {
      await viewed.close();
    }
  });
});
