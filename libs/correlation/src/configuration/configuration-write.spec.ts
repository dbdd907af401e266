import { DOCUMENTED_CREATE_COMPUTE_ENVIRONMENT_CALL, buildConfigurationCall, configurationCallSchema, type ConfigurationCall } from '@batchmon/event-schemas';
import { CONFIGURATION_TABLE, configurationVersion } from './configuration-item';
import { configurationWrite, type ConfigurationItem } from './configuration-write';

const documentedCreate = configurationCallSchema.parse(DOCUMENTED_CREATE_COMPUTE_ENVIRONMENT_CALL);

const asInput = (event: ConfigurationCall) => ({
  eventName: event.detail.eventName,
  requestParameters: event.detail.requestParameters as Record<string, unknown>,
  responseElements: event.detail.responseElements as Record<string, unknown> | null,
  version: configurationVersion(event.detail.eventTime ?? event.time, event.detail.eventID ?? event.id),
});

/** Applies calls in order, as the workflow does, and returns the item left. */
async function apply(events: readonly ConfigurationCall[], start?: ConfigurationItem): Promise<ConfigurationItem | undefined> {
  let item = start;
  for (const event of events) {
    const write = await configurationWrite(asInput(event), item);
    if (write.changed) item = write.item;
  }
  return item;
}

/** The item without its write count, which depends on how many calls were newer when applied. */
const content = (item: ConfigurationItem | undefined) => {
  if (item === undefined) return undefined;
  const { [CONFIGURATION_TABLE.revisionAttribute]: _revision, ...rest } = item;
  return rest;
};

const at = (second: number, id: string) => ({ time: `2024-05-01T12:00:${String(second).padStart(2, '0')}Z`, eventId: `${id}-0000-4000-8000-000000000000` });
const create = buildConfigurationCall(
  'CreateComputeEnvironment',
  { computeEnvironmentName: 'gpu', type: 'MANAGED', computeResources: { type: 'SPOT', maxvCpus: 16, instanceTypes: ['g5', 'p3.2xlarge'], launchTemplate: { launchTemplateName: 'gpu-lt' } } },
  at(1, 'aaaaaaaa'),
);
const grow = buildConfigurationCall('UpdateComputeEnvironment', { computeEnvironment: 'arn:aws:batch:us-east-1:123456789012:compute-environment/gpu', computeResources: { maxvCpus: 64 } }, at(2, 'bbbbbbbb'));
const disable = buildConfigurationCall('UpdateComputeEnvironment', { computeEnvironment: 'gpu', state: 'DISABLED' }, at(3, 'cccccccc'));

describe('configurationWrite', () => {
  it('keeps what the documented CreateComputeEnvironment record says', async () => {
    const write = await configurationWrite(asInput(documentedCreate), undefined);
    expect(write).toMatchObject({ kind: 'compute-environment', name: 'Test', changed: true, exists: false });
    expect(write.item).toMatchObject({
      resourceKey: { S: 'compute-environment#Test' },
      arn: { S: 'arn:aws:batch:us-east-1:012345678910:compute-environment/Test' },
      type: { S: 'MANAGED' },
      state: { S: 'ENABLED' },
      maxvCpus: { N: '128' },
      instanceTypes: { L: [{ S: 'optimal' }] },
      provisioningModel: { S: 'EC2' },
      orchestration: { S: 'ECS' },
      deleted: { BOOL: false },
    });
  });

  it('changes only the fields an update names, for a resource named by ARN', async () => {
    const item = await apply([create, grow]);
    expect(item).toMatchObject({ resourceKey: { S: 'compute-environment#gpu' }, maxvCpus: { N: '64' }, provisioningModel: { S: 'SPOT' }, launchTemplate: { S: 'gpu-lt' } });
  });

  it('changes nothing when a call is delivered again', async () => {
    const item = await apply([create, grow]);
    const again = await configurationWrite(asInput(grow), item);
    expect([again.changed, again.fields]).toEqual([false, []]);
  });

  it('leaves the same item whatever order the calls arrive in', async () => {
    const inOrder = content(await apply([create, grow, disable]));
    for (const order of [[grow, create, disable], [disable, grow, create], [create, disable, grow], [disable, create, grow]]) {
      expect(content(await apply(order))).toEqual(inOrder);
    }
    expect(inOrder).toMatchObject({ maxvCpus: { N: '64' }, state: { S: 'DISABLED' } });
  });

  it('lets a create older than an update set only the fields the update did not', async () => {
    const item = await apply([grow, create]);
    expect(item).toMatchObject({ maxvCpus: { N: '64' }, instanceTypes: { L: [{ S: 'g5' }, { S: 'p3.2xlarge' }] } });
  });

  it('clears a deleted resource, and a later create brings it back', async () => {
    const removal = buildConfigurationCall('DeleteComputeEnvironment', { computeEnvironment: 'gpu' }, at(4, 'dddddddd'));
    const deleted = await apply([create, grow, removal]);
    expect(deleted).toMatchObject({ deleted: { BOOL: true }, maxvCpus: { NULL: true }, instanceTypes: { NULL: true } });
    const recreated = buildConfigurationCall('CreateComputeEnvironment', { computeEnvironmentName: 'gpu', type: 'UNMANAGED' }, at(5, 'eeeeeeee'));
    expect(await apply([recreated], deleted)).toMatchObject({ deleted: { BOOL: false }, type: { S: 'UNMANAGED' }, maxvCpus: { NULL: true } });
  });

  it('orders a queue’s compute environments by their order, by name', async () => {
    const queue = buildConfigurationCall(
      'CreateJobQueue',
      {
        jobQueueName: 'high',
        priority: 10,
        computeEnvironmentOrder: [
          { order: 2, computeEnvironment: 'spot' },
          { order: 1, computeEnvironment: 'arn:aws:batch:us-east-1:123456789012:compute-environment/on-demand' },
        ],
      },
      at(1, 'ffffffff'),
    );
    expect(await apply([queue])).toMatchObject({
      resourceKey: { S: 'job-queue#high' },
      state: { S: 'ENABLED' },
      priority: { N: '10' },
      computeEnvironments: { L: [{ S: 'on-demand' }, { S: 'spot' }] },
    });
  });

  it('writes nothing for a call that names no resource', async () => {
    const unnamed = { eventName: 'UpdateJobQueue', requestParameters: { priority: 3 }, version: 'v' } as const;
    const write = await configurationWrite(unnamed, undefined);
    expect([write.changed, write.name]).toEqual([false, undefined]);
  });
});
