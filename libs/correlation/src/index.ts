export type * from './asl/asl';
export { INTEGRATIONS, CONDITIONAL_CHECK_FAILED } from './asl/integrations';
export { INSTANCES_TABLE, JOBS_TABLE, UNKNOWN } from './instances/instance-item';
export type { Retention } from './instances/describe-instance';
export * from './instance-registration/instance-registration.workflow';
export * from './job-states/job-states.workflow';
export { SEND_STATE, missingReason } from './records/skips';
export * from './workflows';
