import type { RunSummary } from '../local-batchmon';

const pad = (text: string, width: number): string => text.padEnd(width);

/** A summary as a few aligned lines for the terminal. */
export function formatSummary(summary: RunSummary): string {
  const rows: [string, string][] = [
    ['events', String(summary.events)],
    ['routed / unrouted / invalid', `${summary.routed} / ${summary.unrouted} / ${summary.invalid}`],
    ['executions (failed)', `${summary.executions} (${summary.failedExecutions})`],
    ['EMF records', String(summary.emfRecords)],
    ['dead letters', String(summary.deadLetters)],
  ];
  for (const [reason, count] of Object.entries(summary.skipped)) rows.push([`skipped: ${reason}`, String(count)]);
  for (const [reason, count] of Object.entries(summary.uncorrelated)) rows.push([`uncorrelated: ${reason}`, String(count)]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${pad(label, width)}${value}`).join('\n');
}
