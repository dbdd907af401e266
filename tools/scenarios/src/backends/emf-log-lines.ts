/** What the metrics Lambda printed, read back from CloudWatch Logs and split as the embedded backend keeps it. */
export interface LambdaOutput {
  /** EMF lines (JSON objects with an `_aws` member), exactly as printed. */
  readonly emfLines: string[];
  /** Lines the handler logged as errors. */
  readonly errorLines: string[];
}

/**
 * Sorts the messages of a Lambda log group into EMF lines and error lines.
 *
 * Lambda's text log format prefixes what `console.*` prints with the time, the request id and the
 * level, tab-separated (`2024-01-01T00:00:00.000Z\t<request id>\tINFO\t{…}`); its JSON format wraps
 * it as `{"level":"INFO","message":…}` ("Configuring advanced logging controls for Lambda
 * functions", https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html).
 * What the handler writes to stdout itself arrives bare. Each form is recognised; START, END and
 * REPORT lines and anything else are left out.
 *
 * @example
 * lambdaOutputOf(['2024-01-01T00:00:00.000Z\tc0ffee\tINFO\t{"_aws":{…},"JobStateTransitions":1}']).emfLines;
 */
export function lambdaOutputOf(messages: readonly string[]): LambdaOutput {
  const emfLines: string[] = [];
  const errorLines: string[] = [];
  for (const message of messages) {
    const { level, text } = unwrap(message.trim());
    const json = parseObject(text);
    if (json !== undefined && '_aws' in json) emfLines.push(text);
    else if (level === 'ERROR') errorLines.push(text);
  }
  return { emfLines, errorLines };
}

/** The level and printed text of one log message, in any of Lambda's forms. */
function unwrap(message: string): { level?: string; text: string } {
  const fields = message.split('\t');
  if (fields.length >= 4 && /^\d{4}-\d{2}-\d{2}T/.test(fields[0] ?? '')) {
    return { level: fields[2] ?? '', text: fields.slice(3).join('\t').trim() };
  }
  const json = parseObject(message);
  if (json !== undefined && typeof json['level'] === 'string' && 'message' in json && !('_aws' in json)) {
    const inner = json['message'];
    return { level: json['level'], text: typeof inner === 'string' ? inner.trim() : JSON.stringify(inner) };
  }
  return { text: message };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
