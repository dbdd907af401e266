import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRuleCommand, EventBridgeClient, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { sdkSmokeAws } from './smoke-aws';

const config = { region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

function clients() {
  const sfn = new SFNClient(config);
  const logs = new CloudWatchLogsClient(config);
  const cloudwatch = new CloudWatchClient(config);
  const eventbridge = new EventBridgeClient(config);
  return { sfn, logs, cloudwatch, eventbridge };
}

describe('sdkSmokeAws', () => {
  it('starts a synchronous execution and returns its status, error and cause', async () => {
    const c = clients();
    const send = jest.spyOn(c.sfn, 'send').mockImplementation(async () => ({ status: 'FAILED', error: 'States.Runtime', cause: 'boom' }));
    expect(await sdkSmokeAws(c).startSyncExecution('arn:sm', 'smoke-1', '{}')).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: 'boom' });
    const command = send.mock.calls[0]?.[0];
    expect(command).toBeInstanceOf(StartSyncExecutionCommand);
    expect((command as StartSyncExecutionCommand).input).toEqual({ stateMachineArn: 'arn:sm', name: 'smoke-1', input: '{}' });
  });

  it('reads every page of log events since the start time', async () => {
    const c = clients();
    const send = jest
      .spyOn(c.logs, 'send')
      .mockImplementationOnce(async () => ({ events: [{ message: 'a' }, {}], nextToken: 'page2' }))
      .mockImplementationOnce(async () => ({ events: [{ message: 'b' }] }));
    expect(await sdkSmokeAws(c).logMessages('/group', 1234)).toEqual(['a', 'b']);
    expect(send.mock.calls.map(([command]) => (command as FilterLogEventsCommand).input)).toEqual([
      { logGroupName: '/group', startTime: 1234, nextToken: undefined },
      { logGroupName: '/group', startTime: 1234, nextToken: 'page2' },
    ]);
  });

  it('sums the datapoints of the one-minute Sum series of the metric and its dimensions', async () => {
    const c = clients();
    const send = jest.spyOn(c.cloudwatch, 'send').mockImplementation(async () => ({ MetricDataResults: [{ Values: [1, 2] }] }));
    const start = new Date('2026-11-29T15:00:00Z');
    const end = new Date('2026-11-29T15:10:00Z');
    expect(await sdkSmokeAws(c).metricSum({ namespace: 'NS', metric: 'JobStateTransitions', dimensions: { State: 'RUNNABLE' }, start, end })).toBe(3);
    const command = send.mock.calls[0]?.[0] as GetMetricDataCommand;
    expect(command).toBeInstanceOf(GetMetricDataCommand);
    expect(command.input.MetricDataQueries?.[0]?.MetricStat).toEqual({
      Metric: { Namespace: 'NS', MetricName: 'JobStateTransitions', Dimensions: [{ Name: 'State', Value: 'RUNNABLE' }] },
      Period: 60,
      Stat: 'Sum',
    });
  });

  it('describes a rule and tests a pattern against an event', async () => {
    const c = clients();
    const send = jest
      .spyOn(c.eventbridge, 'send')
      .mockImplementation(async (command: unknown) => (command instanceof DescribeRuleCommand ? { EventPattern: '{"source":["aws.batch"]}' } : { Result: true }));
    const aws = sdkSmokeAws(c);
    expect(await aws.rulePattern('rule-1')).toBe('{"source":["aws.batch"]}');
    expect(await aws.testEventPattern('{"source":["aws.batch"]}', '{"source":"aws.batch"}')).toBe(true);
    expect(send.mock.calls[1]?.[0]).toBeInstanceOf(TestEventPatternCommand);
  });
});
