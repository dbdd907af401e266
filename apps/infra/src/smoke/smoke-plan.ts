import {
  CONFIGURATION_CALL_FAILED,
  GROUP_NOT_CREATED,
  NOT_A_BATCH_GROUP_LAUNCH,
  TASK_WITHOUT_JOB,
  PLACEHOLDER_RESOURCES,
  WORKFLOWS,
  type WorkflowSpec,
  WORKFLOW_NAMES,
} from '@batchmon/correlation';
import {
  buildConfigurationCall,
  buildContainerInstanceRegistrationCall,
  buildContainerInstanceStateChange,
  buildCreateAutoScalingGroupCall,
  buildInstanceActivity,
  buildJobQueueBlocked,
  buildJobStateChange,
  buildRunTaskCall,
  buildSubmitJobCall,
  buildTaskStateChange,
  SAMPLE_RESOURCES,
} from '@batchmon/event-schemas';
import { METRIC_NAMES, type MetricName } from '@batchmon/metrics';
import { SmokePlanError } from '../errors';

/** Pipeline-health metrics: a workflow emits them when an event is skipped or half correlated. */
export const HEALTH_METRICS = ['SkippedEvents', 'UncorrelatedEvents'] as const satisfies readonly MetricName[];


/**
 * The catalog metrics a workflow's definition sends, in catalog order: the names its records carry,
 * quoted in the ASL (a JSONPath Parameters value or a JSONata string).
 *
 * @example
 * workflowMetrics(WORKFLOWS[1]); // ['JobStateTransitions', 'RunnableWaitTime', …, 'SkippedEvents']
 */
export function workflowMetrics(workflow: WorkflowSpec): MetricName[] {
  const definition = JSON.stringify(workflow.definition(PLACEHOLDER_RESOURCES));
  return METRIC_NAMES.filter((metric) => new RegExp(`["'\\\\]${metric}["'\\\\]`).test(definition));
}

/** What one workflow's smoke check expects to find in CloudWatch. */
export interface ExpectedMetric {
  readonly metric: MetricName;
  /** Dimension values the EMF line must carry (others may be present). */
  readonly dimensions: Readonly<Record<string, string>>;
  /**
   * The workflow whose line carries the metric, when another than the one run publishes it (the
   * levels ContainerInstanceState saves are published by MinuteLevels).
   * @default the workflow run
   */
  readonly publishedBy?: string;
}

/** One workflow's smoke check: the event its rule must match, the event it runs on, what it must emit. */
export interface SmokeCase {
  readonly workflow: string;
  /** A documented event of the workflow's family, which its rule's pattern must match. */
  readonly ruleEvent: Readonly<Record<string, unknown>>;
  /** The event the workflow is started with (the rule's target passes the whole event as input). */
  readonly executionEvent: Readonly<Record<string, unknown>>;
  readonly expected: ExpectedMetric;
}

/**
 * The workflow's own metric a documented event yields: the first non-health metric its definition
 * sends (the one its family is about: JobStateTransitions for a job state change, …).
 */
function primaryMetric(workflow: WorkflowSpec): MetricName {
  const metric = workflowMetrics(workflow).find((name) => !(HEALTH_METRICS as readonly string[]).includes(name));
  if (metric === undefined) throw new SmokePlanError(`${workflow.name}: expected its definition to send a catalog metric, found none`);
  return metric;
}

/** Options of {@link smokeCases}. */
export interface SmokeCaseOptions {
  /** Lower-case hex (at most 32 digits) making every id of the run unique, so a kept stack can be smoke-tested again without duplicates. */
  readonly runId: string;
  /** Time stamped on every event (EMF datapoints take it: it must be within CloudWatch's window). */
  readonly time: Date;
}

/**
 * One smoke case per deployed workflow, each from the event builders of `@batchmon/event-schemas`
 * (documented event shapes, sample resource names), stamped with the run's time and ids.
 *
 * AsgMonitoring runs on a CreateAutoScalingGroup call that failed (`errorCode`), which it counts as
 * skipped (`group-not-created`): a successful call would make it enable metrics on a group that
 * does not exist in the account. Its rule is still tested with the successful call. BatchConfiguration
 * likewise runs on a refused UpdateJobQueue (`api-call-failed`): a successful one would put a queue
 * that does not exist into the configuration table.
 *
 * InstanceLaunches likewise runs on the launch of a group whose name is not Batch's (`not-a-batch-group`):
 * its evidence is written to a table, not sent as a metric.
 *
 * ContainerInstanceState sends no metric of its own: it saves the instance's capacity, which
 * MinuteLevels publishes for the instance's compute environment — on its schedule within the
 * minute, and at once when the smoke starts it on a `Scheduled Event` (its case comes after).
 * Both expect that level.
 *
 * @throws {SmokePlanError} when a deployed workflow has no smoke event here, or its definition sends no metric
 * @example
 * for (const smoke of smokeCases({ runId: 'a1b2c3', time: new Date() })) console.log(smoke.workflow, smoke.expected.metric);
 */
/** A task event whose image pull started and has not stopped. */
function pullStarted(event: Record<string, unknown> & { detail: Record<string, unknown> }): Record<string, unknown> {
  const { pullStoppedAt: _stopped, ...detail } = event.detail;
  return { ...event, id: `${String(event['id'])}-pull`, detail: { ...detail, lastStatus: 'PENDING', pullStartedAt: event['time'] } };
}

/** The same event with no Batch job variable in its overrides. */
function withoutJob(event: Record<string, unknown>): Record<string, unknown> {
  const detail = event['detail'] as Record<string, unknown>;
  return { ...event, detail: { ...detail, overrides: { containerOverrides: [] } } };
}

export function smokeCases(options: SmokeCaseOptions): SmokeCase[] {
  const time = options.time.toISOString();
  const run = options.runId;
  // The sample container instance, its id ending in the run id: its registration is new to the tables.
  const sampleInstanceArn = buildContainerInstanceStateChange({ time }).detail.containerInstanceArn;
  const instanceId = `${SAMPLE_RESOURCES.containerInstanceId.slice(0, -run.length)}${run}`;
  const containerInstanceArn = sampleInstanceArn.replace(SAMPLE_RESOURCES.containerInstanceId, instanceId);
  const groupName = `batchmon-smoke-${run}`;
  const level: ExpectedMetric = { metric: 'RegisteredVcpus', dimensions: { ComputeEnvironment: SAMPLE_RESOURCES.computeEnvironment } };
  // What an EventBridge schedule rule sends its target ("Amazon EventBridge events": Scheduled Event).
  const scheduled = {
    version: '0',
    id: `smoke-levels-${run}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: SAMPLE_RESOURCES.account,
    time,
    region: SAMPLE_RESOURCES.region,
    resources: [],
    detail: {},
  };
  const events: Record<string, { readonly rule: Record<string, unknown>; readonly execution?: Record<string, unknown>; readonly expected?: ExpectedMetric }> = {
    [WORKFLOW_NAMES.instanceRegistration]: { rule: buildContainerInstanceRegistrationCall({ containerInstanceArn, time }) },
    [WORKFLOW_NAMES.jobStates]: { rule: buildJobStateChange({ status: 'RUNNABLE', jobId: `smoke-job-${run}`, time }) },
    [WORKFLOW_NAMES.containerInstanceState]: { rule: buildContainerInstanceStateChange({ containerInstanceArn, time }), expected: { ...level, publishedBy: WORKFLOW_NAMES.minuteLevels } },
    // A Fargate task: the rule leaves the tasks on a container instance to JobStates.
    [WORKFLOW_NAMES.jobsPlaced]: { rule: buildTaskStateChange({ launchType: 'FARGATE', jobId: `smoke-job-${run}`, time }) },
    // The RunTask rule takes only calls that placed nothing (a placed task is counted from its job's events).
    [WORKFLOW_NAMES.runTask]: { rule: buildRunTaskCall({ id: `smoke-runtask-${run}`, time, failures: [{ reason: 'RESOURCE:MEMORY' }] }) },
    [WORKFLOW_NAMES.queueBlocked]: { rule: buildJobQueueBlocked({ id: `smoke-blocked-${run}`, jobId: `smoke-job-${run}`, time }) },
    [WORKFLOW_NAMES.asgMonitoring]: {
      rule: buildCreateAutoScalingGroupCall({ autoScalingGroupName: groupName, time }),
      execution: buildCreateAutoScalingGroupCall({ autoScalingGroupName: groupName, time, errorCode: 'ValidationError' }),
      expected: { metric: 'SkippedEvents', dimensions: { Workflow: WORKFLOW_NAMES.asgMonitoring, Reason: GROUP_NOT_CREATED } },
    },
    [WORKFLOW_NAMES.jobsSubmitted]: { rule: buildSubmitJobCall({ eventId: `smoke-submit-${run}`, jobId: `smoke-job-${run}`, time }) },
    [WORKFLOW_NAMES.batchConfiguration]: {
      rule: buildConfigurationCall('UpdateJobQueue', { jobQueue: SAMPLE_RESOURCES.jobQueue, priority: 1 }, { eventId: `smoke-config-${run}`, time }),
      execution: buildConfigurationCall('UpdateJobQueue', { jobQueue: SAMPLE_RESOURCES.jobQueue, priority: 1 }, { eventId: `smoke-config-${run}`, time, errorCode: 'ClientException' }),
      expected: { metric: 'SkippedEvents', dimensions: { Workflow: WORKFLOW_NAMES.batchConfiguration, Reason: CONFIGURATION_CALL_FAILED } },
    },
    [WORKFLOW_NAMES.minuteLevels]: { rule: scheduled, expected: level },
    // Its evidence goes to a table only: it runs on a launch of a group that is not Batch's, which
    // it counts as skipped (the rule itself takes only groups named like Batch's).
    [WORKFLOW_NAMES.instanceLaunches]: {
      rule: buildInstanceActivity({ detailType: 'EC2 Instance Launch Unsuccessful', id: `smoke-launch-${run}`, time }),
      execution: buildInstanceActivity({ detailType: 'EC2 Instance Launch Unsuccessful', id: `smoke-launch-${run}`, autoScalingGroupName: groupName, time }),
      expected: { metric: 'SkippedEvents', dimensions: { Workflow: WORKFLOW_NAMES.instanceLaunches, Reason: NOT_A_BATCH_GROUP_LAUNCH } },
    },
    // Its note goes to the job's item only: it runs on a pull of a task that names no job, which it
    // counts as skipped (the rule itself takes only Batch jobs' tasks).
    [WORKFLOW_NAMES.taskPulls]: {
      rule: pullStarted({ ...buildTaskStateChange({ jobId: `smoke-job-${run}`, time }), id: `smoke-pull-${run}` }),
      execution: withoutJob(pullStarted({ ...buildTaskStateChange({ jobId: `smoke-job-${run}`, time }), id: `smoke-pull-${run}` })),
      expected: { metric: 'SkippedEvents', dimensions: { Workflow: WORKFLOW_NAMES.taskPulls, Reason: TASK_WITHOUT_JOB } },
    },
  };
  return WORKFLOWS.map((workflow) => {
    const entry = events[workflow.name];
    if (entry === undefined) throw new SmokePlanError(`smokeCases: expected an event for workflow ${workflow.name}, found none`);
    return {
      workflow: workflow.name,
      ruleEvent: entry.rule,
      executionEvent: entry.execution ?? entry.rule,
      expected: entry.expected ?? { metric: primaryMetric(workflow), dimensions: {} },
    };
  });
}
