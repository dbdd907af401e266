import type { JobShape, JobStatus } from '@batchmon/event-schemas';
import type { JobDefinitionSpec } from '../batch-resources/batch-resources';
import type { ArrayGroup, MultiNodeGroup, QueueState, SimJob } from './job-state';

/** What identifies a new job id; everything else starts empty. */
export interface NewJob {
  readonly id: string;
  readonly baseId: string;
  readonly name: string;
  readonly shape: JobShape;
  readonly queue: QueueState;
  readonly definition: JobDefinitionSpec;
  readonly revision: number;
  readonly createdAt: number;
  readonly vcpus: number;
  readonly memory: number;
  readonly maxAttempts: number;
  readonly dependsOn?: readonly string[];
  readonly arrayIndex?: number;
  readonly array?: ArrayGroup;
  readonly nodeIndex?: number;
  readonly multiNode?: MultiNodeGroup;
}

/** A job id in SUBMITTED: no event yet, no attempt. */
export function newJob(init: NewJob): SimJob {
  return {
    ...init,
    dependsOn: init.dependsOn ?? [],
    need: { cpu: Math.round(init.vcpus * 1024), memory: init.memory },
    firstAt: {},
    finishedAttempts: [],
    attemptsStarted: 0,
    dependents: [],
    terminal: false,
  };
}

/** A `statusSummary` with every child still SUBMITTED. */
export function emptySummary(size: number): Record<JobStatus, number> {
  return { SUBMITTED: size, PENDING: 0, RUNNABLE: 0, STARTING: 0, RUNNING: 0, SUCCEEDED: 0, FAILED: 0 };
}
