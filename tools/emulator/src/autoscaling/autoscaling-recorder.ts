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

/** A launch template as an Auto Scaling group description names it (`LaunchTemplateSpecification`). */
export interface LaunchTemplateSpecification {
  readonly LaunchTemplateId?: string;
  readonly LaunchTemplateName?: string;
  readonly Version?: string;
}

/**
 * An Auto Scaling group the emulator knows, in the shape DescribeAutoScalingGroups returns it (only
 * the fields a workflow may read: its name and its launch template, direct or in a mixed instances
 * policy).
 */
export interface LocalAutoScalingGroup {
  readonly AutoScalingGroupName: string;
  readonly LaunchTemplate?: LaunchTemplateSpecification;
  readonly MixedInstancesPolicy?: { readonly LaunchTemplate: { readonly LaunchTemplateSpecification: LaunchTemplateSpecification } };
}

/**
 * Records the Auto Scaling calls workflows make (there is no Auto Scaling emulator: the calls
 * are checked and remembered, and answer as the API does). DescribeAutoScalingGroups answers from
 * the groups a test put with {@link AutoScalingRecorder.putGroup}; any other group does not exist.
 */
export class AutoScalingRecorder {
  private readonly recorded: EnableMetricsCollectionCall[] = [];
  private readonly groups = new Map<string, LocalAutoScalingGroup>();
  private readonly described: string[][] = [];

  /** Makes a group exist for DescribeAutoScalingGroups (replacing one of the same name). */
  putGroup(group: LocalAutoScalingGroup): void {
    this.groups.set(group.AutoScalingGroupName, group);
  }

  /** The groups among `names` that exist, in the order asked (every group without names); remembers the call. */
  describeGroups(names?: readonly string[]): LocalAutoScalingGroup[] {
    this.described.push([...(names ?? [])]);
    if (names === undefined) return [...this.groups.values()];
    return names.flatMap((name) => {
      const group = this.groups.get(name);
      return group === undefined ? [] : [group];
    });
  }

  /** The group names of every `DescribeAutoScalingGroups` call, oldest first. */
  get describeAutoScalingGroupsCalls(): readonly (readonly string[])[] {
    return this.described;
  }

  /** Every `EnableMetricsCollection` call, oldest first. */
  get enableMetricsCollectionCalls(): readonly EnableMetricsCollectionCall[] {
    return this.recorded;
  }

  /** Remembers a call. */
  record(call: EnableMetricsCollectionCall): void {
    this.recorded.push(call);
  }

  /** Forgets every call (the groups put stay). */
  clear(): void {
    this.recorded.length = 0;
    this.described.length = 0;
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
