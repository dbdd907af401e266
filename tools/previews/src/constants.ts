/** Height of one CloudWatch dashboard grid row in the previews, in CSS pixels (CloudWatch's is about the same). */
export const ROW_HEIGHT_PX = 50;

/** Space between widgets, in CSS pixels. */
export const GRID_GAP_PX = 8;

/** Region of the dashboards when the caller names none. */
export const DEFAULT_PREVIEW_REGION = 'us-east-1';

/**
 * Datapoints further apart than this start another cluster of activity. The previews show the
 * busiest cluster (see `previewTimeRange`): a replayed capture keeps its events' times, while a few
 * records (skipped events) are stamped with the local execution's start, months or years later.
 */
export const TIME_RANGE_GAP_MS = 6 * 60 * 60 * 1000;

/** Time ranges are widened to whole multiples of this (CloudWatch's default period, 5 minutes). */
export const TIME_RANGE_ALIGNMENT_MS = 5 * 60 * 1000;

/**
 * Series colours in the order CloudWatch assigns them to lines without an explicit colour (the
 * category10 palette).
 */
export const SERIES_PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
] as const;

/** Rows a Logs Insights table shows at most when its query has no `limit` (Logs Insights' default). */
export const DEFAULT_LOG_QUERY_LIMIT = 1000;
