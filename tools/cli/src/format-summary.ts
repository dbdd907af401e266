import type { RunSummary, InputReport } from '@batchmon/local';

type Row = readonly [string, string];

const table = (title: string, rows: readonly Row[]): string[] => {
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [title, ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value.padStart(9)}`)];
};

const sorted = (counts: Readonly<Record<string, number | undefined>>): Row[] =>
  Object.entries(counts)
    .filter((entry): entry is [string, number] => entry[1] !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => [key, String(Math.round(value * 100) / 100)]);

/** What {@link formatSummary} shows: a run's summary, with timing and how its input was read when known. */
export type FormattedSummary = RunSummary & {
  readonly wallSeconds?: number;
  readonly eventsPerSecond?: number;
  readonly readToEnd?: boolean;
  readonly input?: InputReport;
};

/**
 * A summary as aligned sections for the terminal: input (when read from a file), pipeline, events
 * by family, metrics, skipped and uncorrelated by reason.
 */
export function formatSummary(summary: FormattedSummary): string {
  const pipeline: Row[] = [
    ['events', String(summary.events)],
    ['routed', String(summary.routed)],
    ['unrouted (no rule matched)', String(summary.unrouted)],
    ['invalid', String(summary.invalid)],
    ['executions', String(summary.executions)],
    ['scheduled executions', String(summary.scheduledExecutions)],
    ['failed executions', String(summary.failedExecutions)],
    ['failed events (to redrive)', String(summary.failedEvents)],
    ['EMF lines', String(summary.emfLines)],
    ['dead letters', String(summary.deadLetters)],
  ];
  if (summary.wallSeconds !== undefined) pipeline.push(['wall time (s)', summary.wallSeconds.toFixed(1)]);
  if (summary.eventsPerSecond !== undefined) pipeline.push(['events per second', String(summary.eventsPerSecond)]);
  const input: Row[] =
    summary.input === undefined
      ? []
      : [
          ['read to the end', summary.readToEnd === true ? 'yes' : 'no'],
          ['bytes read', String(summary.input.bytesRead)],
          ['skipped (not events)', String(summary.input.problems)],
          ...sorted(summary.input.problemsByKind).map(([kind, count]): Row => [`  ${kind}`, count]),
        ];
  return [
    ...table('input', input),
    ...table('pipeline', pipeline),
    ...table('events by family', sorted(summary.eventsByFamily)),
    ...table('EMF lines by metric', sorted(summary.emfLinesByMetric)),
    ...table('skipped, by reason', sorted(summary.skipped)),
    ...table('uncorrelated, by reason', sorted(summary.uncorrelated)),
  ].join('\n');
}
