import { batchInstanceLaunchPattern, eventPatterns, type EventPattern } from '@batchmon/event-schemas';
import type { StateMachineDefinition } from './asl/asl';
import type { PartitionResources } from './asl/integrations';
import { handFailuresToQueue } from './failures/failed-events';
import {
  containerInstanceStateWorkflow,
} from './container-instances/container-instance-state.workflow';
import { instanceRegistrationWorkflow } from './instance-registration/instance-registration.workflow';
import { jobStatesWorkflow } from './job-states/job-states.workflow';
import { jobsPlacedWorkflow } from './jobs-placed/jobs-placed.workflow';
import { runTaskWorkflow } from './run-task/run-task.workflow';
import { queueBlockedWorkflow } from './queue-blocked/queue-blocked.workflow';
import { asgMonitoringWorkflow } from './asg-monitoring/asg-monitoring.workflow';
import { jobsSubmittedWorkflow } from './submissions/jobs-submitted.workflow';
import { batchConfigurationWorkflow } from './configuration/batch-configuration.workflow';
import { MINUTE_LEVELS_SCHEDULE, minuteLevelsWorkflow } from './minute-levels/minute-levels.workflow';
import { WORKFLOW_NAMES } from './workflow-names';
import { instanceLaunchesWorkflow } from './stuck-jobs/instance-launches.workflow';
import type { StuckJobOptions } from './stuck-jobs/stuck-reasons';
import { taskPullPattern, taskPullsWorkflow } from './stuck-jobs/task-pulls.workflow';

/** Names of the deployed resources a workflow definition refers to (CDK tokens in the stack, local names in the emulator). */
export interface WorkflowResources extends PartitionResources {
  readonly instancesTable: string;
  readonly jobsTable: string;
  readonly deliveriesTable: string;
  /** Compute environments and job queues, learned from CloudTrail (see `CONFIGURATION_TABLE`). */
  readonly configurationTable: string;
  /** Launches and placement failures by compute environment, for the diagnosis of stuck jobs (see `EVIDENCE_TABLE`). */
  readonly evidenceTable: string;
  readonly metricsQueueUrl: string;
  /** Where every failed execution hands its event (see {@link handFailuresToQueue}). */
  readonly failedEventsQueueUrl: string;
}

/**
 * Resource names for reading a definition outside a stack (which metrics and reasons it writes):
 * any names do, since only the definition's literals are read.
 */
export const PLACEHOLDER_RESOURCES: WorkflowResources = {
  instancesTable: 'InstancesTable',
  jobsTable: 'JobsTable',
  deliveriesTable: 'DeliveriesTable',
  configurationTable: 'ConfigurationTable',
  evidenceTable: 'EvidenceTable',
  metricsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/MetricsQueue',
  failedEventsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/FailedEventsQueue',
  partition: 'aws',
};

/** What a deployment may tune in the workflows' behaviour (stack options). */
export interface WorkflowOptions {
  /** When a waiting job counts as stuck (MinuteLevels' diagnosis). @default `DEFAULT_STUCK_JOB_OPTIONS` */
  readonly stuckJobs?: StuckJobOptions;
}

/** A correlation workflow: its name, the rule patterns that start it and its definition. */
export interface WorkflowSpec {
  /** Name used for the state machine, its rule and the `Workflow` metric dimension. */
  readonly name: string;
  /** One line for the console and docs. */
  readonly description: string;
  /** Event patterns of its rules (one rule per pattern); none for a workflow on a schedule. */
  readonly patterns: readonly EventPattern[];
  /**
   * An EventBridge schedule expression (`rate(1 minute)`) for a workflow started on a schedule
   * rather than by events: one more rule, whose target gets EventBridge's `Scheduled Event`.
   */
  readonly schedule?: string;
  /**
   * The workflow's own states, given the names of the resources it uses (deployed through
   * {@link deployedDefinition}). Its permissions are derived from them (`definitionPermissions`),
   * never declared beside it.
   */
  readonly definition: (resources: WorkflowResources, options?: WorkflowOptions) => StateMachineDefinition;
}

/** Every correlation workflow batchmon deploys. */
export const WORKFLOWS: readonly WorkflowSpec[] = [
  {
    name: WORKFLOW_NAMES.instanceRegistration,
    description: 'ECS container instances of Batch compute environments registering and deregistering.',
    patterns: [eventPatterns.EcsContainerInstanceRegistrationCall],
    definition: (resources) => instanceRegistrationWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.jobStates,
    description: 'Batch job state transitions, tied to the instance each job runs on.',
    patterns: [eventPatterns.BatchJobStateChange],
    definition: (resources) => jobStatesWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.containerInstanceState,
    description: 'Container instances’ registered and remaining resources → instance items.',
    patterns: [eventPatterns.EcsContainerInstanceStateChange],
    definition: (resources) => containerInstanceStateWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.jobsPlaced,
    description: 'ECS tasks of Batch jobs placed, counted once per task by AZ, instance type, compute environment and queue.',
    patterns: [eventPatterns.EcsTaskStateChange],
    definition: (resources) => jobsPlacedWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.runTask,
    description: 'RunTask calls AWS Batch makes, and their placement failures by reason.',
    patterns: [eventPatterns.EcsRunTaskCall],
    definition: (resources) => runTaskWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.queueBlocked,
    description: 'Batch job queues blocked by a RUNNABLE job, by queue and reason.',
    patterns: [eventPatterns.BatchJobQueueBlocked],
    definition: (resources) => queueBlockedWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.asgMonitoring,
    description: 'Enables group metrics on the Auto Scaling groups AWS Batch creates.',
    patterns: [eventPatterns.AutoScalingGroupCreationCall],
    definition: (resources) => asgMonitoringWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.jobsSubmitted,
    description: 'Jobs submitted to each Batch job queue, from CloudTrail SubmitJob calls.',
    patterns: [eventPatterns.BatchJobSubmissionCall],
    definition: (resources) => jobsSubmittedWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.batchConfiguration,
    description: 'Compute environments and job queues as created, updated and deleted, from CloudTrail calls.',
    patterns: [eventPatterns.BatchConfigurationCall],
    definition: (resources) => batchConfigurationWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.minuteLevels,
    description:
      'Every minute, the capacity levels of each compute environment, summed from the instance items, and the jobs in each live state, counted from the live jobs index; the jobs stuck past their threshold, diagnosed once each.',
    patterns: [],
    schedule: MINUTE_LEVELS_SCHEDULE,
    definition: (resources, options) => minuteLevelsWorkflow(resources, { stuckJobs: options?.stuckJobs }),
  },
  {
    name: WORKFLOW_NAMES.instanceLaunches,
    description: 'Instance launches of Batch-created Auto Scaling groups, and their failures by class, kept as evidence for the diagnosis of stuck jobs.',
    // The launches of the instance activity family, of groups named like Batch's: terminations and
    // other groups' activity start no execution.
    patterns: [batchInstanceLaunchPattern],
    definition: (resources) => instanceLaunchesWorkflow(resources),
  },
  {
    name: WORKFLOW_NAMES.taskPulls,
    description: 'ECS tasks of Batch jobs whose image pull failed or has not finished, noted on the job for the diagnosis of jobs stuck in STARTING.',
    patterns: [taskPullPattern],
    definition: (resources) => taskPullsWorkflow(resources),
  },
];

/**
 * The definition a workflow is deployed with: its own states inside the failure handling that
 * hands every failed event to the failed-events queue. The stack deploys this, so the emulator,
 * which reads the synthesized template, runs it too.
 *
 * @example
 * const definition = deployedDefinition(WORKFLOWS[0], resources, { stuckJobs: { runnableMinutes: 20 } });
 */
export function deployedDefinition(workflow: WorkflowSpec, resources: WorkflowResources, options: WorkflowOptions = {}): StateMachineDefinition {
  return handFailuresToQueue(workflow.definition(resources, options), { workflow: workflow.name, queueUrl: resources.failedEventsQueueUrl, partition: resources.partition });
}
