import type { CheckResult } from './smoke-checks';

/** Whether every check passed. */
export function allPassed(results: readonly CheckResult[]): boolean {
  return results.length > 0 && results.every((result) => result.outcome === 'pass');
}

/**
 * The pass/fail table printed at the end of a smoke run: one row per workflow and check, columns
 * aligned, then a one-line verdict.
 *
 * @example
 * console.log(formatReport(results));
 * // workflow   check      result  detail
 * // JobStates  execution  PASS    SUCCEEDED
 * // …
 * // 28 of 28 checks passed.
 */
export function formatReport(results: readonly CheckResult[]): string {
  const header = ['workflow', 'check', 'result', 'detail'] as const;
  const rows = results.map((result) => [result.workflow, result.check, result.outcome.toUpperCase(), result.detail] as const);
  const width = (column: number): number => Math.max(header[column]?.length ?? 0, ...rows.map((row) => row[column]?.length ?? 0));
  const widths = [width(0), width(1), width(2)];
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd();
  const passed = results.filter((result) => result.outcome === 'pass').length;
  const failed = results.filter((result) => result.outcome === 'fail').length;
  const skipped = results.length - passed - failed;
  const verdict = allPassed(results)
    ? `${passed} of ${results.length} checks passed.`
    : `${passed} of ${results.length} checks passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}.`;
  return [line(header), ...rows.map(line), verdict].join('\n');
}
