import { NON_BATCH } from '../constants';
import { arn, assumedRoleArn } from '../events/aws-arns';
import { renderContainerInstanceStateChange, type ContainerInstanceView } from '../events/container-instances';
import { renderRunTaskCall, renderTaskStateChange, type SimulatedTask, type TaskStateChangeInput } from '../events/ecs-tasks';
import type { Simulation } from '../simulation';

const SERVICE_CPU = 1024;
const SERVICE_MEMORY = 2048;
const SERVICE_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web-frontend:2024.04.30';
const REPORT_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/nightly-report:7';

interface WebInstance {
  view: ContainerInstanceView;
  tasks: SimulatedTask[];
}

/**
 * ECS activity of the same account that has nothing to do with Batch, which batchmon's rules must
 * filter out: a web service on the EC2 cluster `web-prod` replacing its tasks now and then (task
 * and container instance state changes), and a task EventBridge Scheduler runs on the Fargate
 * cluster `default` (a RunTask call by the scheduler's role, then the task's state changes).
 * It runs while the Batch workload is busy.
 */
export class NonBatchActivity {
  private readonly webCluster = arn('ecs', 'cluster/web-prod');
  private readonly defaultCluster = arn('ecs', 'cluster/default');
  private readonly instances: WebInstance[] = [];
  private serviceVersion = 0;

  constructor(private readonly sim: Simulation) {}

  start(): void {
    const sim = this.sim;
    if (!sim.options.nonBatchActivity) return;
    // Two long-lived instances (registered before the simulation starts), two service tasks each.
    for (const zone of ['us-east-1a', 'us-east-1b']) {
      const view: ContainerInstanceView = {
        clusterArn: this.webCluster,
        clusterName: 'web-prod',
        containerInstanceArn: arn('ecs', `container-instance/web-prod/${sim.ids.ecsId()}`),
        ec2InstanceId: sim.ids.ec2InstanceId(),
        availabilityZone: zone,
        instanceType: 'm5.xlarge',
        cpuArchitecture: 'x86_64',
        amiId: 'ami-0e2a7c5d1f3b46a80',
        privateIp: sim.ids.privateIp(),
        registeredCpu: 4096,
        registeredMemory: 15458,
        remainingCpu: 4096 - 2 * SERVICE_CPU,
        remainingMemory: 15458 - 2 * SERVICE_MEMORY,
        status: 'ACTIVE',
        agentConnected: true,
        runningTasksCount: 2,
        pendingTasksCount: 0,
        version: 1200,
        registeredAt: sim.options.startMillis - 30 * 24 * 3600 * 1000,
      };
      const anHourBefore = sim.options.startMillis - 3600 * 1000;
      this.instances.push({ view, tasks: [this.serviceTask(view, anHourBefore), this.serviceTask(view, anHourBefore)] });
    }
    sim.at(sim.options.startMillis + sim.random.exponential(NON_BATCH.meanServiceChurnGap), () => this.replaceServiceTask());
    sim.at(sim.options.startMillis + sim.random.exponential(NON_BATCH.meanScheduledTaskGap), () => this.runScheduledTask());
  }

  private serviceTask(view: ContainerInstanceView, createdAt: number): SimulatedTask {
    const sim = this.sim;
    return {
      taskArn: arn('ecs', `task/web-prod/${sim.ids.ecsId()}`),
      clusterArn: this.webCluster,
      taskDefinitionArn: arn('ecs', 'task-definition/web-frontend:41'),
      launchType: 'EC2',
      containerInstanceArn: view.containerInstanceArn,
      availabilityZone: view.availabilityZone,
      group: 'service:web-frontend',
      startedBy: 'ecs-svc/4793014553742231577',
      cpu: String(SERVICE_CPU),
      memory: String(SERVICE_MEMORY),
      containers: [{ name: 'web', image: SERVICE_IMAGE }],
      containerIds: [sim.ids.uuid()],
      createdAt,
    };
  }

  private emitTask(task: SimulatedTask, lastStatus: TaskStateChangeInput['lastStatus'], extra: Partial<TaskStateChangeInput> = {}): void {
    this.serviceVersion += 1;
    this.sim.emit(
      renderTaskStateChange({
        eventId: this.sim.ids.uuid(),
        at: this.sim.now,
        task,
        lastStatus,
        version: lastStatus === 'PENDING' ? 1 : lastStatus === 'RUNNING' ? 3 : 5,
        ...extra,
      }),
      true,
    );
  }

  private emitInstance(instance: WebInstance, cpu: number, memory: number, tasks: number): void {
    const view = instance.view;
    instance.view = {
      ...view,
      remainingCpu: view.remainingCpu + cpu,
      remainingMemory: view.remainingMemory + memory,
      runningTasksCount: tasks,
      version: view.version + 1,
    };
    this.sim.emit(renderContainerInstanceStateChange(this.sim.ids.uuid(), this.sim.now, instance.view), true);
  }

  /** A rolling replacement: a new service task starts, then an old one stops. */
  private replaceServiceTask(): void {
    const sim = this.sim;
    if (!sim.busy) return;
    const instance = sim.random.pick(this.instances);
    const task = this.serviceTask(instance.view, sim.now);
    instance.tasks.push(task);
    this.emitInstance(instance, -SERVICE_CPU, -SERVICE_MEMORY, instance.tasks.length);
    sim.after(sim.random.between(300, 1500), () => this.emitTask(task, 'PENDING'));
    const runningAt = sim.random.between(15_000, 40_000);
    sim.after(runningAt, () => this.emitTask(task, 'RUNNING', { startedAt: sim.now }));
    sim.after(runningAt + sim.random.between(30_000, 60_000), () => {
      const old = instance.tasks.shift();
      if (old === undefined) return;
      this.emitTask(old, 'STOPPED', {
        startedAt: old.createdAt + 20_000,
        stoppingAt: sim.now - 30_000,
        stoppedAt: sim.now,
        exitCode: 0,
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/4793014553742231577)',
      });
      this.emitInstance(instance, SERVICE_CPU, SERVICE_MEMORY, instance.tasks.length);
    });
    sim.after(sim.random.exponential(NON_BATCH.meanServiceChurnGap), () => this.replaceServiceTask());
  }

  /** EventBridge Scheduler runs a report task on Fargate in the `default` cluster. */
  private runScheduledTask(): void {
    const sim = this.sim;
    if (!sim.busy) return;
    const task: SimulatedTask = {
      taskArn: arn('ecs', `task/default/${sim.ids.ecsId()}`),
      clusterArn: this.defaultCluster,
      taskDefinitionArn: arn('ecs', 'task-definition/nightly-report:7'),
      launchType: 'FARGATE',
      availabilityZone: sim.random.pick(['us-east-1a', 'us-east-1b', 'us-east-1c']),
      group: 'family:nightly-report',
      startedBy: 'chronos-schedule/report-every-hour',
      cpu: '512',
      memory: '1024',
      containers: [{ name: 'report', image: REPORT_IMAGE }],
      containerIds: [sim.ids.uuid()],
      createdAt: sim.now,
      eni: { attachmentId: sim.ids.uuid(), privateIp: sim.ids.privateIp() },
    };
    sim.emit(
      renderRunTaskCall({
        eventId: sim.ids.uuid(),
        cloudTrailEventId: sim.ids.uuid(),
        requestId: sim.ids.uuid(),
        at: sim.now,
        task,
        callerArn: assumedRoleArn('eventbridge-scheduler-ecs', 'b5c3f0d2a1e4'),
      }),
      true,
    );
    const pendingAt = sim.random.between(5_000, 20_000);
    const runningAt = pendingAt + sim.random.between(15_000, 40_000);
    sim.after(pendingAt, () => this.emitTask(task, 'PENDING'));
    sim.after(runningAt, () => this.emitTask(task, 'RUNNING', { startedAt: sim.now }));
    sim.after(runningAt + sim.random.between(60_000, 300_000), () =>
      this.emitTask(task, 'STOPPED', {
        startedAt: task.createdAt + runningAt,
        stoppingAt: sim.now - 2000,
        stoppedAt: sim.now,
        exitCode: 0,
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
      }),
    );
    sim.after(sim.random.exponential(NON_BATCH.meanScheduledTaskGap), () => this.runScheduledTask());
  }
}
