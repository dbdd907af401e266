/**
 * What the job items of the jobs table keep for the diagnosis of stuck jobs, besides what JobStates
 * keeps for counts and durations (see `JOBS_TABLE`); short names, so that the item of a job's whole
 * life stays under 1 KB.
 */
export const JOB_EVIDENCE = {
  /**
   * What the job asks for, `<vCPUs>|<memory MiB>|<GPUs>` (zero for what it does not ask), from its
   * state change events (JobStates): the diagnosis compares it with the largest instance its
   * queue's compute environments may launch.
   */
  requirementsAttribute: 'req',
  /**
   * `<epoch seconds>|<status reason>` of the latest Job Queue Blocked event that named the job
   * (QueueBlocked): a RUNNABLE job it names is stuck for that reason.
   */
  blockedAttribute: 'blk',
  /**
   * `<epoch seconds>|<what>|<detail>` of the latest ECS task event of the job that showed its
   * image pull in trouble (`failed`, with the stopped reason, or `unfinished`), from TaskPulls.
   */
  pullAttribute: 'pull',
  /** The state entry (`<attempt>|<state order>|<epoch seconds>`) the job was last diagnosed for. */
  diagnosedAttribute: 'dx',
  /** The mark of the execution that diagnosed it: a retry or a redrive of that execution may again. */
  diagnosedByAttribute: 'dxBy',
} as const;

/**
 * JSONata, over `$d` (a Batch job's `detail`): what the job asks for, `<vCPUs>|<memory MiB>|<GPUs>`.
 * A single-container job sizes its `container` (by `resourceRequirements`, or the older `vcpus`
 * and `memory`); a multi-container job the sum of its task's containers; zero for what is not
 * asked (array and multi-node parents, EKS pods: never too big).
 *
 * @example
 * `$merge([$event, { 'requirements': ${JOB_REQUIREMENTS} }])`
 */
export const JOB_REQUIREMENTS = `(
  $num := function($v) { $type($v) = 'number' ? $v : ($type($v) = 'string' and $contains($v, /^[0-9]+(\\.[0-9]+)?$/) ? $number($v) : 0) };
  $size := function($c, $type, $legacy) { $max([$num(($c.resourceRequirements[type = $type].value)[0]), $num($legacy)]) };
  $containers := $type($d.container) = 'object' ? [$d.container] : $d.ecsProperties.taskProperties[0].containers[];
  $total := function($type, $legacy) { $sum([0, $map($containers, function($c) { $size($c, $type, $lookup($c, $legacy)) })]) };
  $string($total('VCPU', 'vcpus')) & '|' & $string($total('MEMORY', 'memory')) & '|' & $string($total('GPU', '-'))
)`;
