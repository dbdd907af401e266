import { awsMetric, insightsQuery, type AlarmDefinition } from '@batchmon/dashboards';
import { at, HOUR, localMetrics } from '../__fixtures__/emf-lines';
import { localAlarmState } from './local-alarm-state';

const failures = (time: string, value: number) => ({ metric: 'PlacementFailures', value, dimensions: { ComputeEnvironment: 'spot-ec2' }, at: at(time) });
const metrics = localMetrics([failures('01:00', 2), failures('06:00', 1), failures('12:00', 4), failures('31:00', 1)]);
const context = { metrics, namespace: 'AWSBatchMetrics', range: HOUR };

const placementAlarm: AlarmDefinition = {
  id: 'placement-failures',
  title: 'Placement failures',
  description: 'RunTask could not place tasks.',
  dashboard: 'jobs-placement',
  queries: [insightsQuery('PlacementFailures', ['ComputeEnvironment'], { aggregate: 'SUM', id: 'failures' })],
  evaluates: 'failures',
  period: 300,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  threshold: 0,
  comparison: 'GreaterThanThreshold',
  treatMissingData: 'notBreaching',
};

describe('localAlarmState', () => {
  it('says when the alarm would have fired: the periods ending 3 breaching periods in a row', () => {
    expect(localAlarmState(placementAlarm, context)).toEqual({
      kind: 'evaluated',
      alarms: [{ start: at('10:00'), end: at('15:00') }],
      breachingPeriods: 4,
      evaluatedPeriods: 12,
    });
  });

  it('never fires when the threshold is not breached often enough', () => {
    const state = localAlarmState({ ...placementAlarm, threshold: 3 }, context);
    expect(state).toMatchObject({ kind: 'evaluated', alarms: [], breachingPeriods: 1 });
  });

  it('counts periods without data as breaching when the alarm treats missing data so', () => {
    const state = localAlarmState({ ...placementAlarm, threshold: 100, treatMissingData: 'breaching' }, context);
    expect(state).toMatchObject({ kind: 'evaluated', breachingPeriods: 8 });
  });

  it('does not evaluate an alarm on AWS service metrics', () => {
    const dlq: AlarmDefinition = {
      ...placementAlarm,
      queries: [awsMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { dimensions: { QueueName: 'dlq' }, stat: 'Maximum', id: 'visible' })],
      evaluates: 'visible',
    };
    expect(localAlarmState(dlq, context)).toEqual({ kind: 'not-emulated', metrics: ['AWS/SQS ApproximateNumberOfMessagesVisible (Maximum)'] });
  });
});
