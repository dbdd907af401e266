import { synthesizeTemplate } from '@batchmon/infra';
import { loadTemplate } from '@batchmon/emulator';
import { ScenarioBackendError } from '../errors';
import { planDeployment, withQueueUrls, type DeploymentPlan } from './deployment-plan';

const template = loadTemplate(synthesizeTemplate());

describe('planDeployment of the synthesized stack', () => {
  const plan: DeploymentPlan = planDeployment(template);

  it('creates every table of the template, on demand, with its keys, indexes and TTL', () => {
    expect(plan.tables.map((table) => table.createTable.TableName)).toEqual(template.tables.map((table) => table.tableName));
    for (const [i, table] of template.tables.entries()) {
      expect(plan.tables[i]?.createTable).toMatchObject({ BillingMode: 'PAY_PER_REQUEST', KeySchema: table.keySchema, AttributeDefinitions: table.attributeDefinitions });
      expect(plan.tables[i]?.timeToLiveAttribute).toBe(table.timeToLiveAttribute);
    }
  });

  it('creates every queue, each dead-letter queue before the queue that names it', () => {
    expect(plan.queues.map((queue) => queue.logicalId).sort()).toEqual(template.queues.map((queue) => queue.logicalId).sort());
    for (const [i, queue] of plan.queues.entries()) {
      const redrive = queue.attributes['RedrivePolicy'];
      if (redrive === undefined) continue;
      const { deadLetterTargetArn } = JSON.parse(redrive) as { deadLetterTargetArn: string };
      expect(plan.queues.findIndex((candidate) => candidate.arn === deadLetterTargetArn)).toBeLessThan(i);
    }
  });

  it('names each FIFO queue with the .fifo suffix SQS requires, and keeps the others’ names', () => {
    for (const source of template.queues) {
      const planned = plan.queues.find((queue) => queue.logicalId === source.logicalId);
      expect(planned?.queueName).toBe(source.fifo ? `${source.queueName}.fifo` : source.queueName);
      expect(planned?.attributes['FifoQueue']).toBe(source.fifo ? 'true' : undefined);
    }
  });

  it('points the metrics queue’s redrive policy at its dead-letter queue under the created name', () => {
    const metrics = template.queue('MetricsQueue');
    const planned = plan.queues.find((queue) => queue.logicalId === metrics.logicalId);
    const dlq = plan.queues.find((queue) => queue.templateArn === metrics.redrivePolicy?.deadLetterTargetArn);
    expect(JSON.parse(planned?.attributes['RedrivePolicy'] ?? '{}')).toEqual({ deadLetterTargetArn: dlq?.arn, maxReceiveCount: metrics.redrivePolicy?.maxReceiveCount });
  });

  it('creates every state machine with its definition as the template resolves it, as STANDARD', () => {
    expect(plan.stateMachines.map((machine) => [machine.name, machine.templateType, machine.definition])).toEqual(
      template.stateMachines.map((machine) => [machine.name, machine.type, machine.definition]),
    );
  });

  it('creates each rule that starts a state machine on events, with the template’s pattern', () => {
    const starting = template.rules.filter((rule) => rule.eventPattern !== undefined && rule.targets.some((target) => target.kind === 'stateMachine'));
    expect(plan.rules.map((rule) => [rule.name, JSON.parse(rule.eventPattern)])).toEqual(starting.map((rule) => [rule.name, rule.eventPattern]));
  });

  it('creates no schedule rule: the backend fires schedules on the events’ own time, not on the emulator’s clock', () => {
    const scheduled = template.rules.filter((rule) => rule.scheduleExpression !== undefined);
    expect(scheduled.length).toBeGreaterThan(0);
    for (const rule of scheduled) expect(plan.rules.map((planned) => planned.name)).not.toContain(rule.name);
  });

  it('creates the metrics Lambda from the one-file bundle, with the template’s runtime, timeout and environment', () => {
    const [source] = template.functions;
    expect(plan.functions).toEqual([
      { logicalId: source?.logicalId, functionName: source?.functionName, runtime: source?.runtime, handler: 'index.handler', timeoutSeconds: source?.timeoutSeconds, environment: source?.environment },
    ]);
  });

  it('maps the metrics queue to the Lambda as the template does', () => {
    expect(plan.eventSourceMappings).toEqual(
      template.eventSourceMappings.map((mapping) => ({
        queueLogicalId: mapping.queueLogicalId,
        functionName: mapping.functionName,
        batchSize: mapping.batchSize,
        reportBatchItemFailures: mapping.reportBatchItemFailures,
      })),
    );
  });

  it('refuses a redrive policy naming a queue outside the template', () => {
    const stray = { ...template, queues: template.queues.map((queue) => (queue.redrivePolicy ? { ...queue, redrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:elsewhere', maxReceiveCount: 3 } } : queue)) };
    expect(() => planDeployment(stray)).toThrow(ScenarioBackendError);
  });
});

describe('withQueueUrls', () => {
  const plan = planDeployment(template);
  const backendUrls = new Map(plan.queues.map((queue) => [queue.templateUrl, `http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/${queue.queueName}`]));

  it('leaves no template queue URL in any definition or in the Lambda’s environment', () => {
    const rewritten = JSON.stringify([plan.stateMachines.map((machine) => withQueueUrls(machine.definition, backendUrls)), plan.functions.map((fn) => withQueueUrls(fn.environment, backendUrls))]);
    for (const queue of plan.queues) expect(rewritten).not.toContain(`${queue.templateUrl}"`);
    expect(rewritten).toContain(backendUrls.get(template.queue('MetricsQueue').url));
  });

  it('rewrites URLs inside longer strings and nested values, and nothing else', () => {
    const [[from, to] = ['', '']] = backendUrls;
    expect(withQueueUrls({ QueueUrl: from, 'Url.$': `States.Format('{}', '${from}')`, list: [from, 3, null], other: 'kept' }, backendUrls)).toEqual({
      QueueUrl: to,
      'Url.$': `States.Format('{}', '${to}')`,
      list: [to, 3, null],
      other: 'kept',
    });
  });
});
