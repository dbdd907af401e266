import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { replay } from '../replay/replay';
import { UnreadableCaptureError } from './read-events';
import { formatSummary } from './format-summary';
import { createProgress } from './progress';

const USAGE = `usage: npm run replay -- <events file> --out <dir> [--namespace <ns>]
  <events file>  EventBridge events: a JSON array, one JSON event, or JSON Lines
  --out <dir>    where emf.jsonl and summary.json are written
  --namespace    CloudWatch namespace of the metrics (default AWSBatchMetrics)`;

/** Exit codes: 0 done, 1 a workflow execution failed, 2 bad usage or unreadable input. */
async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { out: { type: 'string' }, namespace: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`replay: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const [input, ...extra] = positionals;
  if (input === undefined || extra.length > 0 || values.out === undefined) {
    const problem =
      input === undefined ? 'expected an events file' : extra.length > 0 ? `expected one events file, found ${positionals.length}` : 'expected --out <dir>';
    console.error(`replay: ${problem}\n${USAGE}`);
    return 2;
  }
  let stopRequested = false;
  process.once('SIGINT', () => {
    stopRequested = true;
    console.error('replay: interrupted, writing what was replayed so far');
  });
  let size = 0;
  try {
    size = statSync(input).size;
  } catch {
    // replay() reports the unreadable file with its reason.
  }
  const progress = createProgress('replay', { unit: 'events' });
  try {
    const { summary, failures, interrupted } = await replay({
      input,
      outDir: values.out,
      namespace: values.namespace,
      onInvalid: (message) => console.error(`invalid ${message}`),
      shouldStop: () => stopRequested,
      onProgress: (done, bytes) => progress.update(done, size > 0 ? bytes / size : undefined),
    });
    progress.stop();
    console.log(formatSummary(summary));
    console.log(`wrote ${values.out}/emf.jsonl and ${values.out}/summary.json${interrupted ? ' (interrupted: partial)' : ''}`);
    if (summary.failedExecutions > 0) {
      console.error(`replay: ${summary.failedExecutions} workflow execution(s) failed:\n  ${failures.join('\n  ')}`);
      return 1;
    }
    return interrupted ? 130 : 0;
  } catch (error) {
    if (error instanceof UnreadableCaptureError) {
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
