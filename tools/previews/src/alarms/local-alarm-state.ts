import { alarmGraph, type AlarmDefinition } from '@batchmon/dashboards';
import { evaluateWidget, type EvaluationContext } from '../series/evaluate-widget';
import { periodStarts, type TimeRange } from '../series/time-range';

/** What an alarm would have done over the local run. */
export type LocalAlarmState =
  /** It watches AWS service metrics (e.g. `AWS/SQS`), which have no local data. */
  | { readonly kind: 'not-emulated'; readonly metrics: readonly string[] }
  | {
      readonly kind: 'evaluated';
      /** Periods in which the alarm was in ALARM, merged into intervals. */
      readonly alarms: readonly TimeRange[];
      /** Periods whose value breached the threshold. */
      readonly breachingPeriods: number;
      readonly evaluatedPeriods: number;
    };

/**
 * Replays an alarm over the local series: evaluates what it watches (the same queries its graph
 * draws) period by period over `context.range`, treats periods without data as its
 * `treatMissingData` says, and reports the periods in which `datapointsToAlarm` of the last
 * `evaluationPeriods` breached the threshold. The state CloudWatch would show now is not the
 * point: the run is in the past, so the preview says when the alarm would have fired.
 *
 * @example
 * localAlarmState(failureRatioAlarm, context);
 * // { kind: 'evaluated', alarms: [{ start: …, end: … }], breachingPeriods: 3, evaluatedPeriods: 18 }
 */
export function localAlarmState(alarm: AlarmDefinition, context: EvaluationContext): LocalAlarmState {
  const evaluation = evaluateWidget(alarmGraph(alarm), context);
  if (evaluation.notEmulated.length > 0) return { kind: 'not-emulated', metrics: evaluation.notEmulated };
  const points = evaluation.series[0]?.points ?? new Map<number, number>();
  const window: boolean[] = [];
  const alarms: TimeRange[] = [];
  let breachingPeriods = 0;
  let evaluatedPeriods = 0;
  for (const start of periodStarts(evaluation.range, alarm.period)) {
    const value = points.get(start);
    let breaching: boolean;
    if (value === undefined) {
      if (alarm.treatMissingData === 'breaching') breaching = true;
      else if (alarm.treatMissingData === 'notBreaching') breaching = false;
      else continue; // ignore / missing: the period does not count
    } else {
      breaching = breaches(value, alarm);
    }
    evaluatedPeriods += 1;
    if (breaching) breachingPeriods += 1;
    window.push(breaching);
    if (window.length > alarm.evaluationPeriods) window.shift();
    if (window.filter(Boolean).length >= alarm.datapointsToAlarm) {
      const end = start + alarm.period * 1000;
      const last = alarms[alarms.length - 1];
      if (last !== undefined && last.end === start) alarms[alarms.length - 1] = { start: last.start, end };
      else alarms.push({ start, end });
    }
  }
  return { kind: 'evaluated', alarms, breachingPeriods, evaluatedPeriods };
}

function breaches(value: number, alarm: AlarmDefinition): boolean {
  switch (alarm.comparison) {
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    case 'LessThanThreshold':
      return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.threshold;
  }
}
