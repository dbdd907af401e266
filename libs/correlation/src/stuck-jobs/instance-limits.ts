import { INSTANCE_FAMILIES, INSTANCE_TYPE_GPUS, INSTANCE_TYPE_KEYWORDS } from '@batchmon/event-schemas';

const families = JSON.stringify(
  Object.fromEntries(Object.entries(INSTANCE_FAMILIES).map(([name, f]) => [name, [f.maxVcpus, f.maxMemoryGiB * 1024, f.maxGpus, f.memoryPerVcpuGiB * 1024]])),
);

/**
 * JSONata: `$limits($name)`, the largest `[vCPUs, memory MiB, GPUs]` an instance type, family or
 * keyword of a compute environment's `instanceTypes` holds, or nothing when it is not known — the
 * workflow's evaluation of `instanceLimits` (`@batchmon/event-schemas`), from the same tables (a
 * spec evaluates both on the same names). Defines `$limits` for the expression it is put before.
 *
 * @example
 * `( ${INSTANCE_LIMITS_JSONATA} $limits('m5.xlarge') )` // [4, 16384, 0]
 */
export const INSTANCE_LIMITS_JSONATA = `$families := ${families};
  $keywords := ${JSON.stringify(INSTANCE_TYPE_KEYWORDS)};
  $typeGpus := ${JSON.stringify(INSTANCE_TYPE_GPUS)};
  $familyLimits := function($name) { (
    $p := $split($name, '.');
    $f := $lookup($families, $p[0]);
    $size := $p[1];
    $m := $match($size, /^([0-9]*)xlarge$/);
    $v := $size = 'medium' ? 1 : ($size = 'large' ? 2 : ($exists($m) ? 4 * ($m.groups[0] = '' ? 1 : $number($m.groups[0]))));
    $not($exists($f)) ? undefined : (($not($exists($size)) or $size = 'metal') ? [$f[0], $f[1], $f[2]] : ($exists($v) ? [
      $min([$v, $f[0]]), $round($min([$v * $f[3], $f[1]])),
      $exists($lookup($typeGpus, $name)) ? $lookup($typeGpus, $name) : ($f[2] = 0 ? 0 : ($v >= $f[0] ? $f[2] : 1))
    ]))
  ) };
  $limits := function($name) { (
    $k := $lookup($keywords, $name);
    $each := $exists($k) ? [$map($k, $familyLimits)] : [];
    $exists($k) ? [$max($each.$[0]), $max($each.$[1]), $max($each.$[2])] : $familyLimits($name)
  ) };`;
