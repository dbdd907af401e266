import { writeFileSync } from 'node:fs';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { redriveInput, type FailedEventMessage } from '@batchmon/correlation';

// A one-off admin command: once the cause of a failure is fixed (a permission, a quota, a bug), it
// sends the events the workflows handed to the failed-events queue back to the state machine that
// failed on them. The workflows recognise their own earlier writes, so a redriven event counts
// exactly once. By default it only lists what it would send.

/** A failed-events message as the workflows write it. */
export type FailedEvent = FailedEventMessage;

/** One message received from the queue. */
export interface ReceivedFailedEvent {
  readonly receiptHandle: string;
  /** The message body, unparsed. */
  readonly body: string;
}

/** The calls the command makes, so tests can run it without AWS. */
export interface RedriveApi {
  /** Up to 10 messages, hidden from other readers for `visibilitySeconds`; none when the queue is empty. */
  receive(visibilitySeconds: number): Promise<readonly ReceivedFailedEvent[]>;
  /** Removes a message that was sent back. */
  remove(receiptHandle: string): Promise<void>;
  /** Starts the state machine on the event (StartExecution). */
  start(stateMachineArn: string, input: string): Promise<void>;
}

/**
 * Reads a failed-events message body.
 * @returns the message, or why it cannot be sent back (`<field>: expected …, found …`)
 * @example
 * parseFailedEvent('{"event":{},"workflow":"JobStates",…}');
 */
export function parseFailedEvent(body: string): { readonly ok: true; readonly message: FailedEvent } | { readonly ok: false; readonly reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `body: expected JSON, found ${JSON.stringify(body.slice(0, 40))} (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: `body: expected an object, found ${JSON.stringify(value)?.slice(0, 40)}` };
  const record = value as Record<string, unknown>;
  if (typeof record['event'] !== 'object' || record['event'] === null || Array.isArray(record['event'])) return { ok: false, reason: 'event: expected the original event (an object), found none' };
  for (const field of ['workflow', 'state', 'error', 'cause', 'stateMachineArn', 'executionArn', 'executionName'] as const) {
    if (typeof record[field] !== 'string') return { ok: false, reason: `${field}: expected a string, found ${JSON.stringify(record[field]) ?? 'nothing'}` };
  }
  if (!/^arn:aws[a-z-]*:states:/.test(String(record['stateMachineArn']))) {
    return { ok: false, reason: `stateMachineArn: expected a Step Functions state machine ARN, found ${JSON.stringify(record['stateMachineArn'])}` };
  }
  return { ok: true, message: record as unknown as FailedEvent };
}

/** What a redrive did (or, in a dry run, would do). */
export interface RedriveReport {
  /** Events sent back (or that would be), by workflow and error. */
  readonly byWorkflowAndError: Readonly<Record<string, number>>;
  /** Events sent back. */
  readonly sent: number;
  /** Messages that could not be read as failed events, with why; they stay on the queue. */
  readonly unreadable: readonly string[];
  /** Messages seen. */
  readonly seen: number;
}

/** Options of {@link redrive}. */
export interface RedriveOptions {
  /** Send the events back and remove them from the queue; otherwise only look. @default false */
  readonly apply?: boolean;
  /** Stop after this many messages. @default no limit */
  readonly max?: number;
  /** Receives each failed event as it is read (e.g. to save {@link redriveInput} for a local replay). */
  readonly onEvent?: (message: FailedEvent) => void;
}

/**
 * Reads the failed-events queue until it is empty (or `max` messages) and, with `apply`, starts
 * each message's state machine again on its original event and removes the message once the
 * execution started. In a dry run the messages become visible again after a short time.
 * A message that cannot be read stays on the queue and is reported.
 *
 * @example
 * const report = await redrive(sdkRedriveApi(queueUrl), { apply: true });
 */
export async function redrive(api: RedriveApi, options: RedriveOptions = {}): Promise<RedriveReport> {
  const byWorkflowAndError: Record<string, number> = {};
  const unreadable: string[] = [];
  let sent = 0;
  let seen = 0;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  // A dry run hides what it read for long enough to read the whole queue once, not to lose it.
  const visibilitySeconds = options.apply === true ? 60 : 30;
  while (seen < max) {
    const batch = await api.receive(visibilitySeconds);
    if (batch.length === 0) break;
    for (const received of batch.slice(0, max - seen)) {
      seen += 1;
      const parsed = parseFailedEvent(received.body);
      if (!parsed.ok) {
        unreadable.push(parsed.reason);
        continue;
      }
      const key = `${parsed.message.workflow} ${parsed.message.error}`;
      byWorkflowAndError[key] = (byWorkflowAndError[key] ?? 0) + 1;
      options.onEvent?.(parsed.message);
      if (options.apply === true) {
        await api.start(parsed.message.stateMachineArn, JSON.stringify(redriveInput(parsed.message)));
        await api.remove(received.receiptHandle);
        sent += 1;
      }
    }
  }
  return { byWorkflowAndError, sent, unreadable, seen };
}

/** How a report reads. */
export function describeReport(report: RedriveReport, apply: boolean): string {
  const lines = [`batchmon: ${report.seen} message(s) on the failed-events queue.`];
  for (const [key, count] of Object.entries(report.byWorkflowAndError).sort()) lines.push(`  ${apply ? 'sent back' : 'would send back'} ${count} × ${key}`);
  for (const reason of report.unreadable) lines.push(`  left on the queue (cannot be sent back): ${reason}`);
  if (report.seen === 0) lines.push('Nothing to send back.');
  else if (!apply) lines.push('Dry run: nothing was sent. Fix the cause first, then: npx nx run infra:redrive -- --apply');
  return lines.join('\n');
}

/** {@link RedriveApi} over the AWS SDK clients. */
export function sdkRedriveApi(queueUrl: string, sqs: SQSClient, sfn: SFNClient): RedriveApi {
  return {
    async receive(visibilitySeconds) {
      const result = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: visibilitySeconds }),
      );
      return (result.Messages ?? []).flatMap((m) => (m.ReceiptHandle !== undefined && m.Body !== undefined ? [{ receiptHandle: m.ReceiptHandle, body: m.Body }] : []));
    },
    async remove(receiptHandle) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    },
    async start(stateMachineArn, input) {
      await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
    },
  };
}

/** Command-line arguments. */
export interface RedriveArguments {
  readonly apply: boolean;
  readonly help: boolean;
  readonly stackName: string;
  readonly queueUrl?: string;
  readonly region?: string;
  readonly max?: number;
  /** Write the events read to this file (JSON Lines), for `npm run replay`. */
  readonly out?: string;
}

/** The usage text. */
export const USAGE = `Usage: npx nx run infra:redrive [-- [--apply] [--stack-name <name>] [--queue-url <url>] [--region <region>] [--max <n>] [--out <file.jsonl>]]
Sends the events on batchmon's failed-events queue back to the workflow that failed on them.
Without --apply it only lists them. --out also writes them, as they would be sent back, as JSON Lines, which npm run replay reads.
The queue is the stack's FailedEventsQueueUrl output (stack "Batchmon" unless --stack-name), or --queue-url.`;

/**
 * Reads the command's arguments.
 * @throws naming the argument, when one is unknown or its value is missing or invalid.
 */
export function parseArguments(args: readonly string[]): RedriveArguments {
  let apply = false;
  let help = false;
  let stackName = 'Batchmon';
  const values: { queueUrl?: string; region?: string; max?: number; out?: string } = {};
  const valueOf = (name: string, i: number): string => {
    const value = args[i];
    if (value === undefined || value.startsWith('--')) throw new Error(`${name}: expected a value, found none`);
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    const [arg, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const take = (): string => inline ?? valueOf(arg, ++i);
    if (arg === '--apply') apply = inline === undefined || inline === 'true';
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--stack-name') stackName = take();
    else if (arg === '--queue-url') values.queueUrl = take();
    else if (arg === '--region') values.region = take();
    else if (arg === '--out') values.out = take();
    else if (arg === '--max') {
      const text = take();
      const max = Number(text);
      if (!Number.isInteger(max) || max < 1) throw new Error(`--max: expected a whole number of at least 1, found ${JSON.stringify(text)}`);
      values.max = max;
    } else throw new Error(`${raw}: expected --apply, --stack-name, --queue-url, --region, --max, --out or --help`);
  }
  return { apply, help, stackName, ...values };
}

/** The failed-events queue URL from the stack's outputs. */
async function queueUrlOf(stackName: string, client: CloudFormationClient): Promise<string> {
  const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const output = result.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'FailedEventsQueueUrl');
  if (output?.OutputValue === undefined) throw new Error(`stack ${stackName}: expected an output FailedEventsQueueUrl, found none (deploy the current batchmon, or pass --queue-url)`);
  return output.OutputValue;
}

async function main(args: readonly string[]): Promise<number> {
  let parsed: RedriveArguments;
  try {
    parsed = parseArguments(args);
  } catch (error) {
    console.error(`batchmon redrive: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const config = parsed.region === undefined ? {} : { region: parsed.region };
  const lines: string[] = [];
  try {
    const queueUrl = parsed.queueUrl ?? (await queueUrlOf(parsed.stackName, new CloudFormationClient(config)));
    const report = await redrive(sdkRedriveApi(queueUrl, new SQSClient(config), new SFNClient(config)), {
      apply: parsed.apply,
      ...(parsed.max === undefined ? {} : { max: parsed.max }),
      onEvent: (message) => lines.push(JSON.stringify(redriveInput(message))),
    });
    if (parsed.out !== undefined) writeFileSync(parsed.out, lines.map((line) => `${line}\n`).join(''));
    console.log(describeReport(report, parsed.apply));
    return 0;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(`batchmon redrive: ${reason}\nEvents sent back before the error were removed from the queue; running the command again picks up the rest.`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
