export * from './stack/batchmon-stack';
export * from './stack/synthesize';
export * from './stack/stack-outputs';
export { archivePattern } from './stack/event-archive';
export { smokeCases, workflowMetrics, HEALTH_METRICS, type SmokeCase, type ExpectedMetric } from './smoke/smoke-plan';
export { isExpectedLine } from './smoke/smoke-checks';
