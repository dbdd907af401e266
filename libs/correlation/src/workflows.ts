import { eventPatterns, type EventPattern } from '@batchmon/event-schemas';
import type { StateMachineDefinition } from './asl/asl';
import { INSTANCE_REGISTRATION, instanceRegistrationWorkflow } from './instance-registration/instance-registration.workflow';
import { JOB_STATES, jobStatesWorkflow } from './job-states/job-states.workflow';

/** Names of the deployed resources a workflow definition refers to (CDK tokens in the stack, local names in the emulator). */
export interface WorkflowResources {
  readonly instancesTable: string;
  readonly jobsTable: string;
  readonly metricsQueueUrl: string;
}

/** What a workflow may do to a table: the stack grants exactly this. */
export type TableAccess = 'read' | 'readWrite';

/** The permissions a workflow needs beyond sending to the metrics queue (which every workflow does). */
export interface WorkflowAccess {
  readonly instancesTable?: TableAccess;
  readonly jobsTable?: TableAccess;
  /** `autoscaling:EnableMetricsCollection` on Auto Scaling groups. */
  readonly enableAsgMetrics?: boolean;
}

/** A correlation workflow: its name, the rule patterns that start it and its definition. */
export interface WorkflowSpec {
  /** Name used for the state machine, its rule and the `Workflow` metric dimension. */
  readonly name: string;
  /** One line for the console and docs. */
  readonly description: string;
  /** Event patterns of its rules (one rule per pattern). */
  readonly patterns: readonly EventPattern[];
  /** The definition, given the names of the resources it uses. */
  readonly definition: (resources: WorkflowResources) => StateMachineDefinition;
  /** What it reads and writes, for least-privilege IAM. */
  readonly access: WorkflowAccess;
}

/** Every correlation workflow batchmon deploys. */
export const WORKFLOWS: readonly WorkflowSpec[] = [
  {
    name: INSTANCE_REGISTRATION,
    description: 'ECS container instances of Batch compute environments registering and deregistering.',
    patterns: [eventPatterns.EcsContainerInstanceRegistrationCall],
    definition: (resources) => instanceRegistrationWorkflow(resources),
    access: { instancesTable: 'readWrite' },
  },
  {
    name: JOB_STATES,
    description: 'Batch job state transitions, tied to the instance each job runs on.',
    patterns: [eventPatterns.BatchJobStateChange],
    definition: (resources) => jobStatesWorkflow(resources),
    access: { instancesTable: 'read', jobsTable: 'readWrite' },
  },
];
