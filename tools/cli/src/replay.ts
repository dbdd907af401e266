import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createMetricsHandler } from '@batchmon/metrics';
import { prepareOutDir, replay, UnusableOutputError, checkCapture, messageOf, UnreadableCaptureError } from '@batchmon/local';
import { formatSummary } from './format-summary';
import { createProgress } from './progress';
import { UsageError } from './errors';

const USAGE = `usage: npm run replay -- <events file> --out <dir> [--namespace <ns>] [--show-problems <n>] [--no-cache]
  <events file>        EventBridge events: a JSON array, one JSON event, or JSON Lines;
                       gzip or not; UTF-8, or UTF-16 with a byte-order mark
  --out <dir>          where emf.jsonl and summary.json are written (created if missing)
  --namespace <ns>     CloudWatch namespace of the metrics (default AWSBatchMetrics)
  --show-problems <n>  print at most n skipped parts of the input and invalid events (default 20;
                       all are counted in summary.json)
  --no-cache           synthesize the stack anew instead of reusing the template an earlier run
                       synthesized from the same sources (node_modules/.cache/batchmon)
exit codes: 0 done, 1 a workflow execution failed, 2 bad options, unusable input or --out, or the
input not read to its end, 130 interrupted (Ctrl-C; press it twice to quit without writing)`;

interface Options {
  readonly input: string;
  readonly out: string;
  readonly namespace?: string;
  readonly showProblems: number;
  readonly cache: boolean;
}

function parseOptions(argv: readonly string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        namespace: { type: 'string' },
        'show-problems': { type: 'string' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(messageOf(error), { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help === true) return 'help';
  const [input, ...extra] = positionals;
  if (input === undefined) throw new UsageError('expected an events file');
  if (extra.length > 0) throw new UsageError(`expected one events file, found ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  if (values.out === undefined) throw new UsageError('expected --out <dir>');
  const shown = values['show-problems'] ?? '20';
  if (!/^\d{1,9}$/.test(shown)) throw new UsageError(`--show-problems: expected a whole number, found ${JSON.stringify(shown)}`);
  if (values.namespace !== undefined) {
    try {
      // The metrics Lambda refuses a namespace CloudWatch would refuse: ask it, before anything starts.
      createMetricsHandler({ namespace: values.namespace, write: () => undefined });
    } catch (error) {
      throw new UsageError(`--namespace: ${messageOf(error).replace(/^namespace option: /, '')}`, { cause: error });
    }
  }
  return { input, out: values.out, namespace: values.namespace, showProblems: Number(shown), cache: values['no-cache'] !== true };
}

/** Exit codes: 0 done, 1 a workflow execution failed, 2 bad options, unusable input or output, or input not read to its end, 130 interrupted. */
async function main(argv: readonly string[]): Promise<number> {
  // First of all, so that Ctrl-C is never the default (a kill without outputs), even during start-up.
  let stopRequested = false;
  process.on('SIGINT', () => {
    if (stopRequested) {
      console.error('replay: interrupted again, quitting without writing the summary');
      process.exit(130);
    }
    stopRequested = true;
    console.error('replay: interrupted, writing what was replayed so far (Ctrl-C again to quit at once)');
  });
  let options: Options;
  try {
    const parsed = parseOptions(argv);
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
    // Output first, then input, both before the emulators start: each mistake costs nothing.
    prepareOutDir(options.out);
    await checkCapture(options.input);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`replay: ${error.message} (npm run replay -- --help for usage)`);
      return 2;
    }
    if (error instanceof UnusableOutputError || error instanceof UnreadableCaptureError) {
      console.error(`replay: ${error.message}`);
      return 2;
    }
    throw error;
  }
  let size = 0;
  try {
    size = statSync(options.input).size;
  } catch {
    // replay() reports the unreadable file with its reason.
  }
  let shown = 0;
  const show = (line: string): void => {
    shown += 1;
    if (shown <= options.showProblems) console.error(line);
    else if (shown === options.showProblems + 1) console.error('replay: further problems are counted in summary.json only');
  };
  const progress = createProgress('replay', { unit: 'events' });
  try {
    const { summary, failures, interrupted } = await replay({
      input: options.input,
      outDir: options.out,
      namespace: options.namespace,
      cache: options.cache,
      onInvalid: show,
      onInputProblem: show,
      shouldStop: () => stopRequested,
      onProgress: (done, bytes) => progress.update(done, size > 0 ? bytes / size : undefined),
    });
    progress.stop();
    console.log(formatSummary(summary));
    console.log(`wrote ${options.out}/emf.jsonl, ${options.out}/summary.json and ${options.out}/failed-events.jsonl${interrupted ? ' (interrupted: partial)' : ''}`);
    if (interrupted) return 130;
    if (summary.failedExecutions > 0) {
      console.error(`replay: ${summary.failedExecutions} workflow execution(s) failed:\n  ${failures.join('\n  ')}`);
      return 1;
    }
    if (summary.failedEvents > 0) {
      console.error(
        `replay: ${summary.failedEvents} event(s) failed in a workflow and were handed to the failed-events queue; ` +
          `once the cause is fixed, replay ${options.out}/failed-events.jsonl to count them (once)`,
      );
      return 1;
    }
    if (!summary.readToEnd) {
      console.error(`replay: ${options.input} could not be read to its end: what was read is replayed and written`);
      return 2;
    }
    return 0;
  } catch (error) {
    if (error instanceof UnreadableCaptureError || error instanceof UnusableOutputError) {
      console.error(`replay: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`replay: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
