import type { RunSummary } from '../local-batchmon';

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

/** A summary as aligned sections for the terminal: pipeline, events by family, metrics, skipped and uncorrelated by reason. */
export function formatSummary(summary: RunSummary & { readonly wallSeconds?: number; readonly eventsPerSecond?: number }): string {
  const pipeline: Row[] = [
    ['events', String(summary.events)],
    ['routed', String(summary.routed)],
    ['unrouted (no rule matched)', String(summary.unrouted)],
    ['invalid', String(summary.invalid)],
    ['executions', String(summary.executions)],
    ['failed executions', String(summary.failedExecutions)],
    ['EMF records', String(summary.emfRecords)],
    ['dead letters', String(summary.deadLetters)],
  ];
  if (summary.wallSeconds !== undefined) pipeline.push(['wall time (s)', summary.wallSeconds.toFixed(1)]);
  if (summary.eventsPerSecond !== undefined) pipeline.push(['events per second', String(summary.eventsPerSecond)]);
  return [
    ...table('pipeline', pipeline),
    ...table('events by family', sorted(summary.eventsByFamily)),
    ...table('EMF records by metric', sorted(summary.metricRecords)),
    ...table('skipped, by reason', sorted(summary.skipped)),
    ...table('uncorrelated, by reason', sorted(summary.uncorrelated)),
  ].join('\n');
}
