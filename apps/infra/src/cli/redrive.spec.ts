import { describeReport, parseArguments, parseFailedEvent, redrive, type FailedEvent, type RedriveApi } from './redrive';

const failed = (overrides: Partial<FailedEvent> = {}): FailedEvent => ({
  event: { id: 'e-1', source: 'aws.batch', 'detail-type': 'Batch Job State Change', detail: {} },
  workflow: 'JobStates',
  state: 'Remember the job’s state',
  error: 'DynamoDB.AccessDeniedException',
  cause: 'not authorized to perform dynamodb:UpdateItem',
  stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:JobStatesWorkflow-abc',
  executionArn: 'arn:aws:states:eu-west-1:123456789012:express:JobStatesWorkflow-abc:1:2',
  executionName: '2',
  ...overrides,
});

/** A fake queue and Step Functions: messages are served ten at a time and hidden until removed or the run ends. */
function fakeApi(bodies: readonly string[]) {
  const queue = bodies.map((body, i) => ({ receiptHandle: `r-${i}`, body }));
  const hidden = new Set<string>();
  const calls = { started: [] as { arn: string; input: string }[], removed: [] as string[] };
  const api: RedriveApi = {
    async receive() {
      const batch = queue.filter((m) => !hidden.has(m.receiptHandle)).slice(0, 10);
      for (const m of batch) hidden.add(m.receiptHandle);
      return batch;
    },
    async remove(receiptHandle) {
      calls.removed.push(receiptHandle);
      queue.splice(queue.findIndex((m) => m.receiptHandle === receiptHandle), 1);
    },
    async start(arn, input) {
      calls.started.push({ arn, input });
    },
  };
  return { api, calls, remaining: () => queue.length };
}

describe('redrive', () => {
  it('only lists the failed events in a dry run', async () => {
    const { api, calls, remaining } = fakeApi([JSON.stringify(failed())]);
    const report = await redrive(api);
    expect(report).toMatchObject({ seen: 1, sent: 0, byWorkflowAndError: { 'JobStates DynamoDB.AccessDeniedException': 1 } });
    expect(calls.started).toEqual([]);
    expect(remaining()).toBe(1);
  });

  it('starts the failed state machine on the original event with the failed execution’s mark, then removes the message', async () => {
    const message = failed();
    const { api, calls, remaining } = fakeApi([JSON.stringify(message)]);
    const report = await redrive(api, { apply: true });
    expect(calls.started).toEqual([{ arn: message.stateMachineArn, input: JSON.stringify({ ...(message.event as object), batchmon: { redriveOf: '2' } }) }]);
    expect(report.sent).toBe(1);
    expect(remaining()).toBe(0);
  });

  it('reads the whole queue, ten messages at a time', async () => {
    const { api, calls } = fakeApi(Array.from({ length: 25 }, (_, i) => JSON.stringify(failed({ event: { id: `e-${i}` } }))));
    const report = await redrive(api, { apply: true });
    expect(report.sent).toBe(25);
    expect(calls.started.map((c) => JSON.parse(c.input).id)).toEqual(Array.from({ length: 25 }, (_, i) => `e-${i}`));
  });

  it('stops after --max messages', async () => {
    const { api } = fakeApi(Array.from({ length: 25 }, () => JSON.stringify(failed())));
    expect((await redrive(api, { apply: true, max: 12 })).sent).toBe(12);
  });

  it('leaves a message it cannot read on the queue and says why', async () => {
    const { api, calls, remaining } = fakeApi(['not json', JSON.stringify({ ...failed(), stateMachineArn: 'JobStates' })]);
    const report = await redrive(api, { apply: true });
    expect(report.unreadable).toEqual([
      expect.stringMatching(/^body: expected JSON, found "not json"/),
      'stateMachineArn: expected a Step Functions state machine ARN, found "JobStates"',
    ]);
    expect(calls.started).toEqual([]);
    expect(remaining()).toBe(2);
  });

  it('does not remove a message whose execution could not be started', async () => {
    const { api, remaining } = fakeApi([JSON.stringify(failed())]);
    const refusing: RedriveApi = { ...api, start: async () => Promise.reject(new Error('ExecutionLimitExceeded')) };
    await expect(redrive(refusing, { apply: true })).rejects.toThrow('ExecutionLimitExceeded');
    expect(remaining()).toBe(1);
  });

  it('hands each event to onEvent, for a local replay', async () => {
    const { api } = fakeApi([JSON.stringify(failed())]);
    const events: unknown[] = [];
    await redrive(api, { onEvent: (m) => events.push(m.event) });
    expect(events).toEqual([failed().event]);
  });
});

describe('parseFailedEvent', () => {
  it('names the first field a message lacks', () => {
    const { workflow: _workflow, ...rest } = failed();
    expect(parseFailedEvent(JSON.stringify(rest))).toEqual({ ok: false, reason: 'workflow: expected a string, found nothing' });
  });

  it('accepts state machines of every partition', () => {
    expect(parseFailedEvent(JSON.stringify(failed({ stateMachineArn: 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:X' }))).ok).toBe(true);
  });
});

describe('describeReport', () => {
  it('says how to send the events back after a dry run', () => {
    const text = describeReport({ seen: 2, sent: 0, unreadable: [], byWorkflowAndError: { 'JobStates DynamoDB.AccessDeniedException': 2 } }, false);
    expect(text).toContain('would send back 2 × JobStates DynamoDB.AccessDeniedException');
    expect(text).toContain('npx nx run infra:redrive -- --apply');
  });
});

describe('parseArguments', () => {
  it('is a dry run on the stack named Batchmon by default', () => {
    expect(parseArguments([])).toEqual({ apply: false, help: false, stackName: 'Batchmon' });
  });

  it('reads every option, with = or a separate value', () => {
    expect(parseArguments(['--apply', '--stack-name=Other', '--queue-url', 'https://q', '--region', 'eu-west-1', '--max', '5', '--out', 'f.jsonl'])).toEqual({
      apply: true,
      help: false,
      stackName: 'Other',
      queueUrl: 'https://q',
      region: 'eu-west-1',
      max: 5,
      out: 'f.jsonl',
    });
  });

  it('refuses a --max that is not a positive whole number', () => {
    expect(() => parseArguments(['--max', '0'])).toThrow('--max: expected a whole number of at least 1, found "0"');
  });

  it('refuses an option without its value', () => {
    expect(() => parseArguments(['--queue-url'])).toThrow('--queue-url: expected a value, found none');
  });

  it('refuses an unknown option, naming it', () => {
    expect(() => parseArguments(['--force'])).toThrow(/^--force: expected --apply/);
  });
});
