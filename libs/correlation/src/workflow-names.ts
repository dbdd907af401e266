/**
 * The name of every correlation workflow, in one place: each is the name of its state machine, of
 * its rules, and the value of the `Workflow` dimension on the metrics and skips it writes.
 *
 * @example
 * WORKFLOW_NAMES.jobStates; // 'JobStates'
 */
export const WORKFLOW_NAMES = {
  instanceRegistration: 'InstanceRegistration',
  containerInstanceState: 'ContainerInstanceState',
  jobStates: 'JobStates',
  jobsPlaced: 'JobsPlaced',
  runTask: 'RunTask',
  queueBlocked: 'QueueBlocked',
  asgMonitoring: 'AsgMonitoring',
  jobsSubmitted: 'JobsSubmitted',
  batchConfiguration: 'BatchConfiguration',
  minuteLevels: 'MinuteLevels',
  instanceLaunches: 'InstanceLaunches',
  taskPulls: 'TaskPulls',
} as const;

/** The name of a correlation workflow. */
export type WorkflowName = (typeof WORKFLOW_NAMES)[keyof typeof WORKFLOW_NAMES];
