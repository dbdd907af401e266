import { DIMENSIONS, parseEmfLine } from '@batchmon/metrics';

/**
 * A table of the metrics in EMF lines: one row per metric and combination of dimension values
 * (every dimension the record is published under), with the sum of the values.
 */
export function metricsTable(lines: Iterable<string>): string {
  const rows = new Map<string, number>();
  for (const line of lines) {
    const record = parseEmfLine(line);
    const keys = new Set(record.dimensionSets.flat());
    const dimensions = DIMENSIONS.filter((key) => keys.has(key))
      .map((key) => `${key}=${record.dimensions[key] ?? ''}`)
      .join(', ');
    for (const metric of record.metrics) {
      const values = Array.isArray(metric.value) ? metric.value : [metric.value];
      const key = `${metric.name}\t${dimensions}`;
      rows.set(key, (rows.get(key) ?? 0) + values.reduce((s: number, v: number) => s + v, 0));
    }
  }
  const table = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [...key.split('\t'), String(value)]);
  const header = ['metric', 'dimensions', 'value'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const format = (row: readonly string[]): string => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...table.map(format)].join('\n');
}
