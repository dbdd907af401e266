import type { JobStatus } from '@batchmon/event-schemas';
import type { SimJob } from './job-state';

/** What identifies a new job id; everything else starts empty. */
export type NewJob = Pick<
  SimJob,
  'id' | 'baseId' | 'name' | 'shape' | 'queue' | 'definition' | 'revision' | 'createdAt' | 'vcpus' | 'memory' | 'maxAttempts' | 'arrayIndex' | 'array' | 'nodeIndex' | 'multiNode'
> & { readonly dependsOn?: readonly string[] };

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
