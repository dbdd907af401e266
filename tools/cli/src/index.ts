/**
 * @packageDocumentation
 * batchmon's commands (`start`, `replay`, `simulate`, `cost`) and benchmarks, each an Nx target of
 * this project. Nothing imports the commands; what is exported is the cost model, for a reader who
 * prices batchmon from code rather than from `npm run cost`.
 */
export { costModel, DEFAULT_ASSUMPTIONS, EVENT_PIPELINE_SERVICES, SERVICES } from './cost/cost-model';
export type { CostEstimate, CostModelOptions, ModelAssumptions, PerEvent, Service } from './cost/cost-model';
