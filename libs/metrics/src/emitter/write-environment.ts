import { Console } from 'node:console';
import type { IEnvironment } from 'aws-embedded-metrics/lib/environment/IEnvironment';
import type { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { LogSerializer } from 'aws-embedded-metrics/lib/serializers/LogSerializer';
import type { ISink } from 'aws-embedded-metrics/lib/sinks/Sink';

/** Receives one serialized EMF line (a JSON document, no trailing newline). */
export type LineWriter = (line: string) => void;

/**
 * Writes each line to stdout through a Console of its own, never through the global console:
 * Lambda's runtime patches the global console so that, in its text log format, every line gets a
 * time, request id and level prefix (`2026-11-29T15:00:05.000Z\t<request id>\tINFO\t`, 67 bytes
 * of log ingestion per EMF line, about a sixth of batchmon's lines), and, in its JSON format,
 * wraps the line in its own JSON document, which hides the EMF document from metric extraction.
 * A Console bound to `process.stdout` is neither patched nor wrapped: CloudWatch receives the EMF
 * document alone ("Using the embedded metric format with Lambda": Lambda sends what the function
 * writes to stdout to CloudWatch Logs, which extracts metrics from every EMF document). This is
 * what aws-embedded-metrics' ConsoleSink does in the JSON format, and what Powertools for AWS
 * Lambda's Metrics does in both ("log directly to stdout", aws-powertools/powertools-lambda-typescript#1786).
 *
 * @example
 * const write = lambdaStdoutWriter();
 * write('{"_aws":{…},"JobsInState":3}'); // one log event, without a prefix
 */
export function lambdaStdoutWriter(): LineWriter {
  const out = new Console(process.stdout, process.stderr);
  return (line) => out.log(line);
}

/** A sink that serializes with the library's own LogSerializer and hands each line to `write`. */
class WriteSink implements ISink {
  readonly name = 'BatchmonWriteSink';
  private readonly serializer = new LogSerializer();

  constructor(private readonly write: LineWriter) {}

  accept(context: MetricsContext): Promise<void> {
    // The serializer splits a context over 100 metrics or values into several documents.
    for (const line of this.serializer.serialize(context)) this.write(line);
    return Promise.resolve();
  }
}

/**
 * A pinned aws-embedded-metrics environment. The library's default resolution probes Lambda, ECS
 * and then EC2 instance metadata over HTTP; pinning skips that, and it lets the local emulator
 * capture exactly the lines the Lambda would print. It adds no context properties: the Lambda
 * environment's (memory size, log stream, trace id…) would add bytes of log ingestion to every
 * line and are in the function's own log stream anyway. Its default dimensions are never used:
 * the emitter always sets its dimension sets without defaults.
 */
class WriteEnvironment implements IEnvironment {
  private readonly sink: ISink;

  constructor(write: LineWriter) {
    this.sink = new WriteSink(write);
  }

  probe(): Promise<boolean> {
    return Promise.resolve(true);
  }

  getName(): string {
    return process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'batchmon-metrics';
  }

  getType(): string {
    return 'AWS::Lambda::Function';
  }

  getLogGroupName(): string {
    return this.getName();
  }

  configureContext(): void {
    // Deliberately empty: see the class comment.
  }

  getSink(): ISink {
    return this.sink;
  }
}

/**
 * Returns an environment provider for `MetricsLogger` that always yields one environment whose
 * sink writes each serialized EMF line to `write`.
 */
export function pinnedEnvironment(write: LineWriter): () => Promise<IEnvironment> {
  const environment = Promise.resolve<IEnvironment>(new WriteEnvironment(write));
  return () => environment;
}
