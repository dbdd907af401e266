/**
 * @packageDocumentation
 * Dashboard previews: the eight batchmon dashboards as static pages drawn from locally emitted
 * metrics (see {@link writeDashboardPreviews}).
 */
export { writeDashboardPreviews } from './write-dashboard-previews';
export type { DashboardPreviewOptions, DashboardPreviewPage, DashboardPreviews } from './write-dashboard-previews';
export { EmfInputError } from './errors';
