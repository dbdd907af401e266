import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRuleCommand, EventBridgeClient, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';

/** Outcome of one synchronous Express execution. */
export interface ExecutionOutcome {
  /** `SUCCEEDED`, `FAILED` or `TIMED_OUT`. */
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
}

/** A metric to sum over a time range. */
export interface MetricQuery {
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly start: Date;
  readonly end: Date;
}

/** The AWS calls the smoke test makes, so its logic runs against fakes in tests. */
export interface SmokeAws {
  /** StartSyncExecution: runs an Express workflow and returns how it ended. */
  startSyncExecution(stateMachineArn: string, name: string, input: string): Promise<ExecutionOutcome>;
  /** FilterLogEvents, every page: the messages logged since `startTime` (epoch ms). */
  logMessages(logGroupName: string, startTime: number): Promise<string[]>;
  /** GetMetricData: the sum of every datapoint of the metric in the range (0 when none). */
  metricSum(query: MetricQuery): Promise<number>;
  /** DescribeRule: the rule's event pattern (JSON text), undefined when the rule has none. */
  rulePattern(ruleName: string): Promise<string | undefined>;
  /** TestEventPattern: whether the pattern matches the event. */
  testEventPattern(pattern: string, event: string): Promise<boolean>;
}

/** The SDK clients behind {@link sdkSmokeAws}. */
export interface SmokeClients {
  readonly sfn: SFNClient;
  readonly logs: CloudWatchLogsClient;
  readonly cloudwatch: CloudWatchClient;
  readonly eventbridge: EventBridgeClient;
}

/** Pages read at most per FilterLogEvents call: a smoke stack's log group holds a few dozen lines. */
const MAX_LOG_PAGES = 50;

/**
 * {@link SmokeAws} over the AWS SDK v3 clients.
 *
 * StartSyncExecution rather than StartExecution: Express executions cannot be described afterwards
 * (DescribeExecution supports Standard workflows only), and the synchronous call returns the status,
 * error and cause directly.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html
 *
 * @example
 * const aws = sdkSmokeAws({ sfn: new SFNClient({}), logs: new CloudWatchLogsClient({}), cloudwatch: new CloudWatchClient({}), eventbridge: new EventBridgeClient({}) });
 */
export function sdkSmokeAws(clients: SmokeClients): SmokeAws {
  return {
    async startSyncExecution(stateMachineArn, name, input) {
      const result = await clients.sfn.send(new StartSyncExecutionCommand({ stateMachineArn, name, input }));
      return {
        status: result.status ?? 'UNKNOWN',
        ...(result.error === undefined ? {} : { error: result.error }),
        ...(result.cause === undefined ? {} : { cause: result.cause }),
      };
    },
    async logMessages(logGroupName, startTime) {
      const messages: string[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_LOG_PAGES; page++) {
        const result = await clients.logs.send(new FilterLogEventsCommand({ logGroupName, startTime, nextToken }));
        for (const event of result.events ?? []) if (event.message !== undefined) messages.push(event.message);
        nextToken = result.nextToken;
        if (nextToken === undefined) break;
      }
      return messages;
    },
    async metricSum(query) {
      const result = await clients.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: query.start,
          EndTime: query.end,
          MetricDataQueries: [
            {
              Id: 'smoke',
              MetricStat: {
                Metric: {
                  Namespace: query.namespace,
                  MetricName: query.metric,
                  Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })),
                },
                Period: 60,
                Stat: 'Sum',
              },
            },
          ],
        }),
      );
      return (result.MetricDataResults ?? []).flatMap((series) => series.Values ?? []).reduce((sum, value) => sum + value, 0);
    },
    async rulePattern(ruleName) {
      return (await clients.eventbridge.send(new DescribeRuleCommand({ Name: ruleName }))).EventPattern;
    },
    async testEventPattern(pattern, event) {
      return (await clients.eventbridge.send(new TestEventPatternCommand({ EventPattern: pattern, Event: event }))).Result === true;
    },
  };
}
