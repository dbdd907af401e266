import type { LocalRuleSpec } from '../template/model';
import { LocalEventBus, targetInput, toEventEnvelope } from './event-bus';

const rule = (overrides: Partial<LocalRuleSpec> = {}): LocalRuleSpec => ({
  logicalId: 'JobStateRule21DEBE8D',
  name: 'JobStateRule',
  arn: 'arn:aws:events:us-east-1:000000000000:rule/JobStateRule',
  eventBusName: 'default',
  enabled: true,
  eventPattern: { source: ['aws.batch'] },
  targets: [{ id: 'Target0', arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:JobStatesWorkflow', kind: 'stateMachine' }],
  ...overrides,
});

const event = toEventEnvelope({
  source: 'aws.batch',
  'detail-type': 'Batch Job State Change',
  time: '2024-05-01T12:00:00Z',
  detail: { jobId: 'j-1', container: { containerInstanceArn: 'arn:ci/1' } },
});

describe('event routing', () => {
  it('completes the envelope of a published event as PutEvents does', () => {
    expect(event).toMatchObject({ version: '0', account: '000000000000', region: 'us-east-1', resources: [], time: '2024-05-01T12:00:00Z' });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an event without source, detail-type or detail', () => {
    expect(() => toEventEnvelope({ 'detail-type': 'x', detail: {} })).toThrow('Event.source: expected a non-empty string, found undefined (field missing)');
    expect(() => toEventEnvelope({ source: 'x', 'detail-type': 'y' })).toThrow('Event.detail: expected an object, found undefined (field missing)');
  });

  it('returns every matching rule and skips disabled rules and rules of other buses', () => {
    const bus = new LocalEventBus([
      rule(),
      rule({ logicalId: 'B', name: 'AlsoBatch' }),
      rule({ logicalId: 'C', name: 'Disabled', enabled: false }),
      rule({ logicalId: 'D', name: 'OtherBus', eventBusName: 'custom' }),
      rule({ logicalId: 'E', name: 'Ecs', eventPattern: { source: ['aws.ecs'] } }),
    ]);
    expect(bus.match(event).map((matched) => matched.name)).toEqual(['JobStateRule', 'AlsoBatch']);
  });

  it('gives the target the whole event by default', () => {
    const target = rule().targets[0];
    if (!target) throw new Error('fixture has a target');
    expect(targetInput(target, rule(), event)).toEqual(event);
  });

  it('gives the target the part of the event its InputPath selects', () => {
    const input = targetInput({ id: 'T', arn: 'x', kind: 'stateMachine', inputPath: '$.detail.container' }, rule(), event);
    expect(input).toEqual({ containerInstanceArn: 'arn:ci/1' });
  });

  it('fills an InputTransformer template as CDK renders RuleTargetInput.fromObject', () => {
    const input = targetInput(
      {
        id: 'T',
        arn: 'x',
        kind: 'stateMachine',
        inputTransformer: {
          inputPathsMap: { 'detail-container-containerInstanceArn': '$.detail.container.containerInstanceArn', time: '$.time' },
          inputTemplate: '{"instanceArn":<detail-container-containerInstanceArn>,"time":<time>,"label":"job <time>","rule":<aws.events.rule-name>}',
        },
      },
      rule(),
      event,
    );
    expect(input).toEqual({ instanceArn: 'arn:ci/1', time: '2024-05-01T12:00:00Z', label: 'job 2024-05-01T12:00:00Z', rule: 'JobStateRule' });
  });

  it('gives the target a constant Input', () => {
    expect(targetInput({ id: 'T', arn: 'x', kind: 'stateMachine', input: '{"replay":true}' }, rule(), event)).toEqual({ replay: true });
  });
});
