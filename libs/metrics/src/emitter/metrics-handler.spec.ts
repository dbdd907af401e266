import type { SQSEvent } from 'aws-lambda';
import { catalogDimensionKeys, dimensionSetsFor, metricDefinition } from '../catalog/catalog';
import { parseEmfLine } from '../emf/parse-emf-line';
import { MetricsConfigurationError } from '../errors';
import type { MetricMessage, MetricRecord } from '../records/metric-record';
import { recentTime, sqsEvent, sqsRecord } from './__fixtures__/sqs-event';
import { createMetricsHandler, type MetricsHandlerOptions } from './metrics-handler';

const UUID = '5b7e9d2c-1a4f-4c1e-9f0a-2b3c4d5e6f70';

function capture(options: MetricsHandlerOptions = {}) {
  const lines: string[] = [];
  const errors: string[] = [];
  const handler = createMetricsHandler({
    namespace: 'Test',
    write: (line) => lines.push(line),
    logError: (line) => errors.push(line),
    ...options,
  });
  return { handler, lines, errors };
}

function record(overrides: Partial<MetricRecord> = {}): MetricRecord {
  return { metric: 'JobStateTransitions', value: 1, time: recentTime(), dimensions: { State: 'RUNNING' }, ...overrides };
}

/** Whether the catalog keeps `property` on JobStateTransitions lines. */
const keptOnTransitions = (property: string): boolean => {
  const kept = metricDefinition('JobStateTransitions').properties;
  return kept === 'all' || kept.includes(property);
};

function message(...records: MetricRecord[]): MetricMessage {
  return { source: 'job-states', records };
}

describe('createMetricsHandler', () => {
  const savedNamespace = process.env['METRICS_NAMESPACE'];
  afterEach(() => {
    if (savedNamespace === undefined) delete process.env['METRICS_NAMESPACE'];
    else process.env['METRICS_NAMESPACE'] = savedNamespace;
  });

  it('writes one EMF line per record, with the catalog unit', async () => {
    const { handler, lines } = capture();
    await handler(
      sqsEvent(
        sqsRecord('m1', message(record(), record({ metric: 'InstanceRegistrations', value: 2, dimensions: {} }))),
        sqsRecord('m2', message(record({ value: 3 }))),
      ),
    );

    expect(lines.map((line) => parseEmfLine(line).metrics)).toEqual([
      [{ name: 'JobStateTransitions', unit: 'Count', value: 1 }],
      [{ name: 'InstanceRegistrations', unit: 'Count', value: 2 }],
      [{ name: 'JobStateTransitions', unit: 'Count', value: 3 }],
    ]);
  });

  it('stamps each line with the event time, not the processing time', async () => {
    const { handler, lines } = capture();
    const time = recentTime(90);
    await handler(sqsEvent(sqsRecord('m1', message(record({ time })))));

    expect(parseEmfLine(lines[0] ?? '').timestamp).toBe(Date.parse(time));
  });

  it('publishes only the dimension sets whose keys the record carries', async () => {
    const { handler, lines } = capture({ profile: 'detailed' });
    await handler(sqsEvent(sqsRecord('m1', message(record({ dimensions: { State: 'FAILED', JobQueue: 'high' } })))));

    expect(parseEmfLine(lines[0] ?? '').dimensionSets).toEqual([['State'], ['State', 'JobQueue']]);
  });

  it('publishes a record that fills no dimension set without dimensions, so it is still counted', async () => {
    const { handler, lines } = capture();
    await handler(sqsEvent(sqsRecord('m1', message(record({ dimensions: { JobQueue: 'high' } })))));

    const line = parseEmfLine(lines[0] ?? '');
    expect(line.dimensionSets).toEqual([[]]);
    expect(line.properties['JobQueue']).toBe('high');
  });

  it('publishes queue and definition names instead of their ARNs', async () => {
    const { handler, lines } = capture({ profile: 'detailed' });
    const dimensions = {
      State: 'SUCCEEDED',
      JobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/high',
      JobDefinition: 'arn:aws:batch:eu-west-1:123456789012:job-definition/render:42',
    };
    await handler(sqsEvent(sqsRecord('m1', message(record({ dimensions })))));

    expect(parseEmfLine(lines[0] ?? '').dimensions).toEqual({
      State: 'SUCCEEDED',
      JobQueue: 'high',
      JobDefinition: 'render',
    });
  });

  it('publishes the compute environment of cluster names in both Batch formats', async () => {
    const { handler, lines } = capture();
    const registration = (cluster: string) =>
      record({ metric: 'InstanceRegistrations', dimensions: { ComputeEnvironment: cluster } });
    await handler(
      sqsEvent(
        sqsRecord(
          'm1',
          message(
            registration(`AWSBatch-gpu-spot-${UUID}`),
            registration(`arn:aws:ecs:eu-west-1:123456789012:cluster/cpu_od_Batch_${UUID}`),
          ),
        ),
      ),
    );

    expect(lines.map((line) => parseEmfLine(line).dimensions['ComputeEnvironment'])).toEqual(['gpu-spot', 'cpu_od']);
  });

  it('adds none of the library default dimensions', async () => {
    const { handler, lines } = capture();
    await handler(sqsEvent(sqsRecord('m1', message(record()))));

    const line = parseEmfLine(lines[0] ?? '');
    expect(line.dimensionSets.flat()).not.toEqual(expect.arrayContaining(['ServiceName']));
    expect(Object.keys(line.properties)).not.toEqual(expect.arrayContaining(['ServiceName', 'ServiceType', 'LogGroup']));
  });

  it('writes the properties the catalog keeps for the metric and the source workflow beside it', async () => {
    const { handler, lines } = capture();
    const blocked = record({ metric: 'BlockedJobQueues', dimensions: { JobQueue: 'high' }, properties: { statusReason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - too big' } });
    await handler(sqsEvent(sqsRecord('m1', message(blocked))));

    expect(metricDefinition('BlockedJobQueues').properties).toEqual(['statusReason']);
    expect(parseEmfLine(lines[0] ?? '').properties).toEqual({ statusReason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - too big', Workflow: 'job-states' });
  });

  it('drops the properties the catalog does not keep for the metric', async () => {
    const { handler, lines } = capture();
    const jobArn = 'arn:aws:batch:eu-west-1:123456789012:job/job-1';
    await handler(sqsEvent(sqsRecord('m1', message(record({ properties: { jobId: 'job-1', jobArn } })))));

    expect(keptOnTransitions('jobId') || keptOnTransitions('jobArn')).toBe(false);
    expect(parseEmfLine(lines[0] ?? '').properties).toEqual({ Workflow: 'job-states' });
  });

  it('writes the values of the keys of the metric’s dimension sets in any profile, and no other dimension value', async () => {
    const { handler, lines } = capture();
    await handler(sqsEvent(sqsRecord('m1', message(record({ dimensions: { State: 'RUNNING', JobQueue: 'high', Workflow: 'job-states' } })))));

    const line = parseEmfLine(lines[0] ?? '');
    expect(catalogDimensionKeys('JobStateTransitions')).toContain('JobQueue');
    expect(catalogDimensionKeys('JobStateTransitions')).not.toContain('Workflow');
    expect({ ...line.properties, ...line.dimensions }).toEqual({ State: 'RUNNING', JobQueue: 'high', Workflow: 'job-states' });
  });

  it('keeps every property of the per-job FinishedJobs record', async () => {
    const { handler, lines } = capture();
    const properties = { jobId: 'job-1', jobArn: 'arn:aws:batch:eu-west-1:123456789012:job/job-1', totalSeconds: 90, anything: 'kept' };
    await handler(sqsEvent(sqsRecord('m1', message(record({ metric: 'FinishedJobs', dimensions: { State: 'FAILED' }, properties })))));

    expect(parseEmfLine(lines[0] ?? '').properties).toEqual({ ...properties, Workflow: 'job-states' });
  });

  describe('lines shared by records', () => {
    const capacity = (metric: 'RegisteredVcpus' | 'ReservedVcpus' | 'RegisteredMemory', value: number, time: string) =>
      record({ metric, value, time, dimensions: { ComputeEnvironment: 'spot', InstanceType: 'c5.large', AvailabilityZone: 'us-east-1a' } });

    it('writes the records of a message with the same time and dimension sets on one line, each metric with its unit', async () => {
      const { handler, lines } = capture();
      const time = recentTime();
      await handler(sqsEvent(sqsRecord('m1', message(capacity('RegisteredVcpus', 4, time), capacity('ReservedVcpus', 2, time), capacity('RegisteredMemory', 7672, time)))));

      expect(lines).toHaveLength(1);
      const line = parseEmfLine(lines[0] ?? '');
      // aws-embedded-metrics orders a line's metrics itself.
      expect([...line.metrics].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
        { name: 'RegisteredMemory', unit: 'Megabytes', value: 7672 },
        { name: 'RegisteredVcpus', unit: 'Count', value: 4 },
        { name: 'ReservedVcpus', unit: 'Count', value: 2 },
      ]);
      expect(line.dimensionSets).toEqual([['ComputeEnvironment']]);
      expect(line.properties).toEqual({ InstanceType: 'c5.large', AvailabilityZone: 'us-east-1a', Workflow: 'job-states' });
    });

    it('keeps records of other times, of the same metric or with another value of a field on lines of their own', async () => {
      const { handler, lines } = capture();
      const time = recentTime();
      const otherInstance = record({ metric: 'RegisteredMemory', time, dimensions: { ComputeEnvironment: 'spot', InstanceType: 'm5.large', AvailabilityZone: 'us-east-1a' } });
      await handler(
        sqsEvent(sqsRecord('m1', message(capacity('RegisteredVcpus', 4, time), capacity('RegisteredVcpus', 8, time), capacity('ReservedVcpus', 2, recentTime(60)), otherInstance))),
      );

      expect(lines.map((line) => parseEmfLine(line).metrics.map((metric) => metric.name))).toEqual([['RegisteredVcpus'], ['RegisteredVcpus'], ['ReservedVcpus'], ['RegisteredMemory']]);
    });
  });

  it('never lets a property overwrite a dimension value', async () => {
    const { handler, lines } = capture({ profile: 'detailed' });
    const raw = 'arn:aws:batch:eu-west-1:123456789012:job-queue/high';
    await handler(
      sqsEvent(sqsRecord('m1', message(record({ dimensions: { State: 'RUNNING', JobQueue: raw }, properties: { JobQueue: raw } })))),
    );

    expect(parseEmfLine(lines[0] ?? '').dimensions['JobQueue']).toBe('high');
  });

  it('keeps the Workflow dimension a record carries over the message source', async () => {
    // `detailed` publishes SkippedEvents by Workflow and Reason (`essential` by Workflow alone).
    const { handler, lines } = capture({ profile: 'detailed' });
    const skipped = record({ metric: 'SkippedEvents', dimensions: { Workflow: 'instances', Reason: 'not-batch' } });
    await handler(sqsEvent(sqsRecord('m1', message(skipped))));

    expect(parseEmfLine(lines[0] ?? '').dimensions).toEqual({ Workflow: 'instances', Reason: 'not-batch' });
  });

  describe('metrics profiles', () => {
    const savedProfile = process.env['METRICS_PROFILE'];
    afterEach(() => {
      if (savedProfile === undefined) delete process.env['METRICS_PROFILE'];
      else process.env['METRICS_PROFILE'] = savedProfile;
    });
    const finished = record({ metric: 'FinishedJobs', dimensions: { State: 'FAILED', JobQueue: 'high', JobDefinition: 'render' } });

    it('publishes only the essential sets when no profile is configured', async () => {
      delete process.env['METRICS_PROFILE'];
      const { handler, lines } = capture();
      await handler(sqsEvent(sqsRecord('m1', message(finished))));

      expect(parseEmfLine(lines[0] ?? '').dimensionSets).toEqual(dimensionSetsFor('FinishedJobs', 'essential'));
    });

    it('publishes the sets of the profile METRICS_PROFILE names', async () => {
      process.env['METRICS_PROFILE'] = 'detailed';
      const { handler, lines } = capture();
      await handler(sqsEvent(sqsRecord('m1', message(finished))));

      expect(parseEmfLine(lines[0] ?? '').dimensionSets).toEqual(dimensionSetsFor('FinishedJobs', 'detailed'));
    });

    it('uses the profile option before METRICS_PROFILE', async () => {
      process.env['METRICS_PROFILE'] = 'detailed';
      const { handler, lines } = capture({ profile: 'essential' });
      await handler(sqsEvent(sqsRecord('m1', message(finished))));

      expect(parseEmfLine(lines[0] ?? '').dimensionSets).toEqual(dimensionSetsFor('FinishedJobs', 'essential'));
    });

    it('keeps a dimension value no published set uses as a top-level field, for Logs Insights', async () => {
      const { handler, lines } = capture({ profile: 'essential' });
      await handler(sqsEvent(sqsRecord('m1', message(finished))));

      const document: unknown = JSON.parse(lines[0] ?? '');
      expect(document).toMatchObject({ State: 'FAILED', JobQueue: 'high', JobDefinition: 'render' });
    });

    it('fails at creation when METRICS_PROFILE names no profile', () => {
      process.env['METRICS_PROFILE'] = 'full';
      expect(() => createMetricsHandler({ namespace: 'Test' })).toThrow(MetricsConfigurationError);
      expect(() => createMetricsHandler({ namespace: 'Test' })).toThrow('METRICS_PROFILE: expected one of essential, detailed, found "full"');
    });
  });

  it('uses the namespace option first', async () => {
    process.env['METRICS_NAMESPACE'] = 'FromEnv';
    const { handler, lines } = capture({ namespace: 'FromOption' });
    await handler(sqsEvent(sqsRecord('m1', message(record()))));

    expect(parseEmfLine(lines[0] ?? '').namespace).toBe('FromOption');
  });

  it('uses METRICS_NAMESPACE when no option is given', async () => {
    process.env['METRICS_NAMESPACE'] = 'FromEnv';
    const { handler, lines } = capture({ namespace: undefined });
    await handler(sqsEvent(sqsRecord('m1', message(record()))));

    expect(parseEmfLine(lines[0] ?? '').namespace).toBe('FromEnv');
  });

  it('uses AWSBatchMetrics when neither option nor environment names a namespace', async () => {
    delete process.env['METRICS_NAMESPACE'];
    const { handler, lines } = capture({ namespace: undefined });
    await handler(sqsEvent(sqsRecord('m1', message(record()))));

    expect(parseEmfLine(lines[0] ?? '').namespace).toBe('AWSBatchMetrics');
  });

  it('fails at creation when the namespace is not a valid CloudWatch namespace', () => {
    expect(() => createMetricsHandler({ namespace: 'bad{namespace}' })).toThrow(
      'namespace option: expected a CloudWatch namespace, found "bad{namespace}"',
    );
  });

  it('reports a body that is not JSON in batchItemFailures and still publishes the other messages', async () => {
    const { handler, lines, errors } = capture();
    const response = await handler(
      sqsEvent(sqsRecord('good-1', message(record())), sqsRecord('bad', '{"source":'), sqsRecord('good-2', message(record()))),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(lines).toHaveLength(2);
    expect(errors).toEqual([expect.stringMatching(/^Rejected metric message bad \(receive 1\): body: expected JSON, found invalid JSON/)]);
  });

  it('logs the field path and the offending value of an invalid record', async () => {
    const { handler, errors } = capture();
    const response = await handler(sqsEvent(sqsRecord('m1', message(record(), record({ time: 'yesterday' })))));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(errors).toEqual([
      'Rejected metric message m1 (receive 1): records.1.time: expected ISO 8601 datetime, found string "yesterday"',
    ]);
  });

  it('rejects a metric that is not in the catalog', async () => {
    const { handler, errors } = capture();
    const body = JSON.stringify({ source: 'job-states', records: [{ ...record(), metric: 'JobsLaunched' }] });
    const response = await handler(sqsEvent(sqsRecord('m1', body)));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(errors[0]).toMatch(/records\.0\.metric: expected one of "JobStateTransitions", .*, found string "JobsLaunched"$/);
  });

  it('publishes nothing of a message whose later record is rejected, so redelivery counts nothing twice', async () => {
    const { handler, lines, errors } = capture();
    const tooOld = new Date(Date.now() - 15 * 24 * 60 * 60_000).toISOString();
    const response = await handler(sqsEvent(sqsRecord('m1', message(record(), record({ time: tooOld })))));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(lines).toEqual([]);
    expect(errors[0]).toContain('records.1.time: expected a time CloudWatch accepts (at most 14 days old and 2 hours ahead');
  });

  it('reports a message whose lines cannot be written instead of throwing', async () => {
    const { handler, errors } = capture({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    const response = await handler(sqsEvent(sqsRecord('m1', message(record()))));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(errors).toEqual(['Rejected metric message m1 (receive 1): (write): EPIPE']);
  });

  it('accepts a message without records and publishes nothing', async () => {
    const { handler, lines } = capture();
    const response = await handler(sqsEvent(sqsRecord('m1', message())));

    expect(response.batchItemFailures).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('prints each line to stdout by default, past the global console the Lambda runtime prefixes', async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const log = jest.spyOn(console, 'log');
    try {
      const handler = createMetricsHandler({ namespace: 'Test' });
      await handler(sqsEvent(sqsRecord('m1', message(record()))));

      expect(log).not.toHaveBeenCalled();
      expect(stdout).toHaveBeenCalledTimes(1);
      expect(parseEmfLine(String(stdout.mock.calls[0]?.[0]).trimEnd()).metrics[0]?.name).toBe('JobStateTransitions');
    } finally {
      stdout.mockRestore();
      log.mockRestore();
    }
  });
});

describe('the timestamp window', () => {
  const oldMessage = JSON.stringify({
    source: 'JobStates',
    records: [{ metric: 'JobStateTransitions', value: 1, time: '2022-01-11T23:36:40Z', dimensions: { State: 'RUNNING' } }],
  });
  const batch = {
    Records: [{ messageId: 'm-1', body: oldMessage, attributes: { ApproximateReceiveCount: '1' } }],
  } as unknown as SQSEvent;

  it('rejects an event time CloudWatch would not ingest by default', async () => {
    const lines: string[] = [];
    const handler = createMetricsHandler({ write: (l) => lines.push(l), logError: () => undefined });
    expect((await handler(batch)).batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(lines).toEqual([]);
  });

  it('keeps an old event time when every time is accepted, as local replays do', async () => {
    const lines: string[] = [];
    const handler = createMetricsHandler({ write: (l) => lines.push(l), timestampWindow: 'any' });
    expect((await handler(batch)).batchItemFailures).toEqual([]);
    expect(parseEmfLine(lines[0] ?? '').timestamp).toBe(Date.parse('2022-01-11T23:36:40Z'));
  });
});

describe('createMetricsHandler with early acknowledgement', () => {
  it('deletes the messages it wrote before returning, so a failure afterwards cannot publish them again', async () => {
    const acknowledged: string[] = [];
    const { handler, lines } = capture({ acknowledge: async (messages) => void acknowledged.push(...messages.map((m) => m.messageId)) });
    await handler(sqsEvent(sqsRecord('m1', message(record())), sqsRecord('m2', message(record()))));
    expect(acknowledged).toEqual(['m1', 'm2']);
    expect(lines).toHaveLength(2);
  });

  it('leaves a rejected message on the queue for redelivery', async () => {
    const acknowledged: string[] = [];
    const { handler } = capture({ acknowledge: async (messages) => void acknowledged.push(...messages.map((m) => m.messageId)) });
    const response = await handler(sqsEvent(sqsRecord('good', message(record())), sqsRecord('bad', 'not json')));
    expect(acknowledged).toEqual(['good']);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
  });

  it('logs a failed deletion and still succeeds, since the event source mapping deletes them afterwards', async () => {
    const { handler, errors } = capture({ acknowledge: async () => Promise.reject(new Error('AccessDenied')) });
    const response = await handler(sqsEvent(sqsRecord('m1', message(record()))));
    expect(response.batchItemFailures).toEqual([]);
    expect(errors).toEqual(['Could not delete 1 written message(s) early: AccessDenied']);
  });
});

