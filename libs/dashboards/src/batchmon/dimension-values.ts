/**
 * Dimension values the dashboards and alarms filter on. The catalog declares keys, not values;
 * these are the values AWS defines for the fields the pipeline copies into the dimensions.
 */

/** AWS Batch job states: the values of the `State` dimension. */
export const JOB_STATES = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

/** A Batch job state. */
export type JobState = (typeof JOB_STATES)[number];

/**
 * Launch types of placed jobs (`LaunchType` of `JobsPlaced`): placement is counted per ECS task
 * (from the job's own events for a task on a container instance, from the task's events on
 * Fargate), so only ECS launch types occur (EKS jobs have no ECS task).
 */
export const PLACED_LAUNCH_TYPES = ['EC2', 'FARGATE'] as const;
