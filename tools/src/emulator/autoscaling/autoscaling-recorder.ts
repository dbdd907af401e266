/** One recorded `EnableMetricsCollection` call. */
export interface EnableMetricsCollectionCall {
  readonly AutoScalingGroupName: string;
  readonly Granularity: string;
  readonly Metrics?: readonly string[];
  /** The Task state that made the call. */
  readonly stateName: string;
  /** The execution that made the call. */
  readonly executionArn: string;
}

/**
 * Records the Auto Scaling calls workflows make (there is no Auto Scaling emulator: the calls
 * are checked and remembered, and answer as the API does).
 */
export class AutoScalingRecorder {
  private readonly recorded: EnableMetricsCollectionCall[] = [];

  /** Every `EnableMetricsCollection` call, oldest first. */
  get enableMetricsCollectionCalls(): readonly EnableMetricsCollectionCall[] {
    return this.recorded;
  }

  /** Remembers a call. */
  record(call: EnableMetricsCollectionCall): void {
    this.recorded.push(call);
  }

  /** Forgets every call. */
  clear(): void {
    this.recorded.length = 0;
  }
}

/** Group metrics `EnableMetricsCollection` accepts. */
export const AUTO_SCALING_GROUP_METRICS: readonly string[] = [
  'GroupMinSize',
  'GroupMaxSize',
  'GroupDesiredCapacity',
  'GroupInServiceInstances',
  'GroupPendingInstances',
  'GroupStandbyInstances',
  'GroupTerminatingInstances',
  'GroupTotalInstances',
  'GroupInServiceCapacity',
  'GroupPendingCapacity',
  'GroupStandbyCapacity',
  'GroupTerminatingCapacity',
  'GroupTotalCapacity',
  'WarmPoolDesiredCapacity',
  'WarmPoolWarmedCapacity',
  'WarmPoolPendingCapacity',
  'WarmPoolTerminatingCapacity',
  'WarmPoolTotalCapacity',
  'GroupAndWarmPoolDesiredCapacity',
  'GroupAndWarmPoolTotalCapacity',
];
