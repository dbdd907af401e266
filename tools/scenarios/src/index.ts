/**
 * @packageDocumentation
 * Stories that cross projects (an event's way from EventBridge to a dashboard), the dashboards
 * contract, the scenario backends and the CI workflow check. Its product is its test suite; what it
 * exports is the comparison of a simulated workload's truth with the metrics batchmon emitted,
 * which the fault benchmark reuses.
 */
export { capacityLevelsAt, EmittedSeries, expectedMetricTotals, finishedJobMismatches, publishedMinuteLevels, truthSums } from './workload-truth';
export type { MinuteLevels, Sums, TruthDimension } from './workload-truth';
