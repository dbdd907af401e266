const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * A value as the previews print it: thousands separated, at most two decimals.
 *
 * @example
 * formatNumber(1234.5678); // '1,234.57'
 */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

/**
 * A time range in UTC, the end without its date when it is the same day.
 *
 * @example
 * formatRange({ start: Date.parse('2024-05-01T08:00Z'), end: Date.parse('2024-05-01T09:40Z') });
 * // '2024-05-01 08:00 – 09:40 UTC'
 */
export function formatRange(range: { readonly start: number; readonly end: number }): string {
  const start = new Date(range.start).toISOString();
  const end = new Date(range.end).toISOString();
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  return `${start.slice(0, 16).replace('T', ' ')} – ${sameDay ? end.slice(11, 16) : end.slice(0, 16).replace('T', ' ')} UTC`;
}
