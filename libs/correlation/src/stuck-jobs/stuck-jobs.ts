import { JOB_STATUSES } from '@batchmon/event-schemas';
import type { Branch, State, TaskState } from '../asl/asl';
import { CONDITIONAL_CHECK_FAILED, TRANSIENT_RETRY, getItem, query, scan, sendMessage, str, updateItem, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { CONFIGURATION_KINDS, DELETED_ATTRIBUTE } from '../configuration/configuration-item';
import { INSTANCES_TABLE, JOBS_TABLE } from '../instances/instance-item';
import { jsonataRecord, literal } from '../records/jsonata-records';
import { skip } from '../records/skips';
import { EVIDENCE_BUCKET_MINUTES, EVIDENCE_TABLE, evidenceBucket } from './evidence-item';
import { INSTANCE_LIMITS_JSONATA } from './instance-limits';
import { JOB_EVIDENCE } from './job-evidence';
import { DEFAULT_STUCK_JOB_OPTIONS, type StuckJobOptions } from './stuck-reasons';

/** What the stuck jobs branch reads and where it sends its records. */
export interface StuckJobsResources extends PartitionResources {
  readonly jobsTable: string;
  readonly instancesTable: string;
  readonly configurationTable: string;
  readonly evidenceTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reasons of the stuck jobs branch: a bound was reached, and no job was diagnosed that minute. */
export const StuckJobsSkip = {
  /** The live index has more entries than {@link STUCK_JOBS_BOUNDS} lets one execution read. */
  TooManyLiveJobs: 'too-many-live-jobs-to-diagnose',
  /** The configuration or instances tables have more pages than one execution reads. */
  TooMuchToRead: 'too-much-to-diagnose',
} as const;

/**
 * The bounds of one execution.
 *
 * - `itemsPerPage`, `pages`: as the job counts branch reads the live index (20,000 live jobs);
 *   the configuration table (at most 50 compute environments and 50 job queues per Region) and the
 *   instances table are read in pages of as many, `otherPages` at most.
 * - `jobsPerMinute`: the jobs diagnosed in one minute, those stuck longest first; the others are
 *   diagnosed the next minutes, while they stay in the window.
 * - `windowMinutes`: a job is picked while its threshold passed less than this long ago, so that a
 *   job stuck for hours is not read again every minute (one read per stuck job and minute) and a
 *   minute the schedule missed, or more stuck jobs than one minute diagnoses, still get their turn.
 */
export const STUCK_JOBS_BOUNDS = { itemsPerPage: 500, pages: 40, otherPages: 10, jobsPerMinute: 25, windowMinutes: 15 } as const;

const order = (state: string): number => (JOB_STATUSES as readonly string[]).indexOf(state);
const RUNNABLE = order('RUNNABLE');
const STARTING = order('STARTING');
const RUNNING = order('RUNNING');

const J = JOB_EVIDENCE;
const E = EVIDENCE_TABLE;
const FIRST_PAGE = 'Read the first page of live jobs to diagnose';
const NEXT_PAGE = 'Read the next page of live jobs to diagnose';
const ADD_PAGE = 'Find the jobs stuck past their threshold';
const MORE_PAGES = 'Is there another page of live jobs to diagnose?';
const PICK = 'Pick the stuck jobs to diagnose';
const ANY = 'Is any job stuck?';
const CONFIG_FIRST = 'Read the configuration';
const CONFIG_NEXT = 'Read the next page of the configuration';
const CONFIG_ADD = 'Add the page to the configuration';
const CONFIG_MORE = 'Is there another page of the configuration?';
const EVIDENCE = 'Read each compute environment’s evidence';
const SUMMARIZE = 'Summarize the evidence';
const INSTANCES_FIRST = 'Read the instances of the stuck jobs’ compute environments';
const INSTANCES_NEXT = 'Read the next page of instances for the diagnosis';
const INSTANCES_ADD = 'Add the page to the compute environments’ vCPUs';
const INSTANCES_MORE = 'Is there another page of instances for the diagnosis?';
const SIZE = 'Size each compute environment’s largest instance';
const CONTEXT = 'Describe each compute environment for the diagnosis';
const DIAGNOSE = 'Diagnose each stuck job';
const MESSAGE = 'Describe the stuck jobs’ records';
const ANY_RECORD = 'Is any job newly diagnosed?';
const SEND = 'Send the stuck jobs’ records';
const SEND_SKIP = 'Send the diagnosis’ skipped minute';

/** The thresholds of the options, in seconds, as JSONata. */
function thresholds(options: Required<StuckJobOptions>): string {
  const byQueue = JSON.stringify(Object.fromEntries(Object.entries(options.runnableMinutesByQueue).map(([queue, minutes]) => [queue, minutes * 60])));
  return `$byQueue := ${byQueue};
  $threshold := function($q, $o) { $o = ${STARTING} ? ${options.startingMinutes * 60} : ($exists($lookup($byQueue, $q)) ? $lookup($byQueue, $q) : ${options.runnableMinutes * 60}) };`;
}

/** A Scan page of the live index, projected to the state set, the queue and the expiry, into `$.stuckPage`. */
function readLivePage(resources: StuckJobsResources, next: boolean): TaskState {
  return scan(
    resources.partition,
    {
      TableName: resources.jobsTable,
      IndexName: JOBS_TABLE.liveIndex,
      ProjectionExpression: '#jobId, #live, #states, #expiresAt',
      ExpressionAttributeNames: { '#jobId': JOBS_TABLE.partitionKey, '#live': JOBS_TABLE.liveAttribute, '#states': JOBS_TABLE.stateSetAttribute, '#expiresAt': JOBS_TABLE.timeToLiveAttribute },
      Limit: STUCK_JOBS_BOUNDS.itemsPerPage,
      ...(next ? { 'ExclusiveStartKey.$': '$.stuck.next' } : {}),
    },
    { Comment: 'The live index holds the jobs that have not ended: a stuck job is among them.', ResultPath: '$.stuckPage', Retry: TRANSIENT_RETRY, Next: ADD_PAGE },
  );
}

/**
 * JSONata: the page's jobs whose current state (their greatest entry, as the job counts read it)
 * is RUNNABLE or STARTING since longer than their threshold, the threshold passed less than the
 * window ago, added to `$.stuck.candidates`; and the compute environments busy with placed jobs
 * (STARTING or RUNNING), added to `$.stuck.busy`.
 */
function findCandidates(options: Required<StuckJobOptions>): string {
  return `(
  $e := $states.input;
  $previous := $exists($e.stuck) ? $e.stuck : { 'pages': 0, 'candidates': [], 'busy': [] };
  $now := $toMillis($e.minute) / 1000;
  ${thresholds(options)}
  $read := function($item) { (
    $entries := $item.${JOBS_TABLE.stateSetAttribute}.SS.( $p := $split($, '|'); { 'rank': $number($p[0]) * 10 + $number($p[1]), 'order': $number($p[1]), 'at': $number($p[2]), 'ce': $p[3], 'entry': $p[0] & '|' & $p[1] & '|' & $p[2] } );
    $top := $sort($append([], $entries[rank = $max($entries.rank)]), function($a, $b) { $a.at > $b.at })[0];
    { 'jobId': $item.${JOBS_TABLE.partitionKey}.S, 'queue': $item.${JOBS_TABLE.liveAttribute}.S, 'order': $top.order, 'since': $top.at, 'entry': $top.entry, 'ce': $top.ce, 'expires': $number($item.${JOBS_TABLE.timeToLiveAttribute}.N) }
  ) };
  $rows := $append([], $map($e.stuckPage.Items[$exists(${JOBS_TABLE.liveAttribute}.S) and $exists(${JOBS_TABLE.stateSetAttribute}.SS)], $read)[expires > $now]);
  $stuck := $rows[order in [${RUNNABLE}, ${STARTING}]].$merge([$, { 'stuckAt': since + $threshold(queue, order), 'state': order = ${STARTING} ? 'STARTING' : 'RUNNABLE' }]);
  $new := $stuck[stuckAt <= $now and stuckAt > $now - ${STUCK_JOBS_BOUNDS.windowMinutes * 60}];
  $busy := $rows[order in [${STARTING}, ${RUNNING}] and $exists(ce)].ce;
  $result := $merge([{
    'pages': $previous.pages + 1,
    'candidates': $append($previous.candidates, $new),
    'busy': $distinct($append($previous.busy, $busy))
  }, $exists($e.stuckPage.LastEvaluatedKey) ? { 'next': $e.stuckPage.LastEvaluatedKey } : {}]);
  $merge([$sift($e, function($v, $k) { $k != 'stuckPage' and $k != 'stuck' }), { 'stuck': $result }])
)`;
}

/**
 * JSONata: the jobs diagnosed this minute (those stuck longest first, at most
 * `jobsPerMinute`), and how many, into `$.stuck.picked` and `$.stuck.count`.
 */
function pickCandidates(): string {
  return `(
  $e := $states.input;
  $s := $e.stuck;
  $sorted := $sort($append([], $s.candidates), function($a, $b) { $a.stuckAt > $b.stuckAt });
  $picked := $filter($sorted, function($v, $i) { $i < ${STUCK_JOBS_BOUNDS.jobsPerMinute} });
  $merge([$e, { 'stuck': $merge([$sift($s, function($v, $k) { $k != 'candidates' and $k != 'next' }), { 'picked': $append([], $picked), 'count': $count($picked) }]) }])
)`;
}

/** A page of the configuration table, the fields the diagnosis reads, into `$.stuckPage`. */
function readConfigurationPage(resources: StuckJobsResources, next: boolean): TaskState {
  return scan(
    resources.partition,
    {
      TableName: resources.configurationTable,
      ProjectionExpression: '#kind, #name, computeEnvironments, maxvCpus, instanceTypes, provisioningModel, #state, #deleted',
      ExpressionAttributeNames: { '#kind': 'kind', '#name': 'name', '#state': 'state', '#deleted': DELETED_ATTRIBUTE },
      Limit: STUCK_JOBS_BOUNDS.itemsPerPage,
      ...(next ? { 'ExclusiveStartKey.$': '$.stuck.configuration.next' } : {}),
    },
    {
      Comment: 'A small table: at most the 50 compute environments and 50 job queues a Region has, and their tombstones.',
      ResultPath: '$.stuckPage',
      Retry: TRANSIENT_RETRY,
      Next: CONFIG_ADD,
    },
  );
}

/**
 * JSONata: the page's job queues (name → their compute environments, in order) and compute
 * environments (name → maximum vCPUs, instance types, provisioning model, state) added to
 * `$.stuck.configuration`; deleted ones left out.
 */
function addConfiguration(evidenceMinutes: number): string {
  return `(
  $e := $states.input;
  $c := $exists($e.stuck.configuration) ? $e.stuck.configuration : { 'pages': 0, 'queues': {}, 'ces': {} };
  $items := $e.stuckPage.Items[$not(${DELETED_ATTRIBUTE}.BOOL = true) and $exists(name.S)];
  $queues := $merge($append([$c.queues], $items[kind.S = '${CONFIGURATION_KINDS.jobQueue}'].{ name.S: $append([], computeEnvironments.L.S) }));
  $ces := $merge($append([$c.ces], $items[kind.S = '${CONFIGURATION_KINDS.computeEnvironment}'].{ name.S: {
    'max': $exists(maxvCpus.N) ? $number(maxvCpus.N),
    'types': $append([], instanceTypes.L.S),
    'model': provisioningModel.S,
    'enabled': $not(state.S = 'DISABLED')
  } }));
  $configuration := $merge([{ 'pages': $c.pages + 1, 'queues': $queues, 'ces': $ces }, $exists($e.stuckPage.LastEvaluatedKey) ? { 'next': $e.stuckPage.LastEvaluatedKey } : {}]);
  $picked := $e.stuck.picked;
  $involved := $distinct($append($picked[state = 'RUNNABLE'].$lookup($queues, queue), $picked[state = 'STARTING' and $exists(ce)].ce));
  $merge([$sift($e, function($v, $k) { $k != 'stuckPage' }), { 'stuck': $merge([$e.stuck, {
    'configuration': $configuration,
    'computeEnvironments': $append([], $involved),
    'evidenceSince': ${evidenceBucket(`$toMillis($e.minute) - ${evidenceMinutes * 60000}`)}
  }]) }])
)`;
}

/**
 * JSONata: the evidence each compute environment's items hold (from the Map's Query results in
 * `$.stuckEvidence`), parsed into `$.stuck.evidence`: launch failures `{ at, class }` and the latest
 * message, launches `{ at, instance }`, placement failures `{ at, reason }`; and every launched
 * instance in `$.stuck.launched`, for the instances' Scan to tell which registered.
 */
function summarizeEvidence(): string {
  return `(
  $e := $states.input;
  $split2 := function($v) { $split($v, '|') };
  $evidence := $merge($append([{}], $e.stuckEvidence.{ ce: (
    $items := $append([], found.Items);
    {
      'failures': $append([], $items.${E.launchFailuresAttribute}.SS.( $p := $split2($); { 'at': $number($p[0]), 'class': $p[1] } )),
      'message': $sort($append([], $items[$exists(${E.launchFailureMessageAttribute}.S)]), function($a, $b) { $a.${E.sortKey}.S < $b.${E.sortKey}.S })[0].${E.launchFailureMessageAttribute}.S,
      'launches': $append([], $items.${E.launchesAttribute}.SS.( $p := $split2($); { 'at': $number($p[0]), 'instance': $p[1] } )),
      'placements': $append([], $items.${E.placementFailuresAttribute}.SS.( $p := $split2($); { 'at': $number($p[0]), 'reason': $p[1] } ))
    }
  ) }));
  $launched := $distinct($append([], $e.stuckEvidence.found.Items.${E.launchesAttribute}.SS.$split($, '|')[1]));
  $merge([$sift($e, function($v, $k) { $k != 'stuckEvidence' }), { 'stuck': $merge([$e.stuck, { 'evidence': $evidence, 'launched': $append([], $launched) }]) }])
)`;
}

/** A Scan page of the instances table, projected to what the diagnosis reads, into `$.stuckPage`. */
function readInstancesPage(resources: StuckJobsResources, next: boolean): TaskState {
  return scan(
    resources.partition,
    {
      TableName: resources.instancesTable,
      ProjectionExpression: 'computeEnvironment, ec2InstanceId, #cap',
      ExpressionAttributeNames: { '#cap': INSTANCES_TABLE.capacityAttribute },
      Limit: STUCK_JOBS_BOUNDS.itemsPerPage,
      ...(next ? { 'ExclusiveStartKey.$': '$.stuck.instances.next' } : {}),
    },
    { Comment: 'Read only in a minute with a job to diagnose.', ResultPath: '$.stuckPage', Retry: TRANSIENT_RETRY, Next: INSTANCES_ADD },
  );
}

/**
 * JSONata: the page's instances added to `$.stuck.instances`: the registered vCPUs of each compute
 * environment involved (instances that count: those with `cap`), and which launched instances
 * registered (an instance item exists for them, whatever its state since).
 */
function addInstances(): string {
  return `(
  $e := $states.input;
  $i := $exists($e.stuck.instances) ? $e.stuck.instances : { 'pages': 0, 'vcpus': {}, 'registered': [] };
  $involved := $e.stuck.computeEnvironments;
  $items := $e.stuckPage.Items[computeEnvironment.S in $involved];
  $vcpus := $merge($append([{}], $involved.( $ce := $; { $ce: $sum($append([$lookup($i.vcpus, $ce)], $items[computeEnvironment.S = $ce and $exists(${INSTANCES_TABLE.capacityAttribute}.S)].($number($split(${INSTANCES_TABLE.capacityAttribute}.S, '|')[2]) / 1024))) } )));
  $registered := $distinct($append($i.registered, $e.stuckPage.Items[ec2InstanceId.S in $e.stuck.launched].ec2InstanceId.S));
  $instances := $merge([{ 'pages': $i.pages + 1, 'vcpus': $vcpus, 'registered': $append([], $registered) }, $exists($e.stuckPage.LastEvaluatedKey) ? { 'next': $e.stuckPage.LastEvaluatedKey } : {}]);
  $merge([$sift($e, function($v, $k) { $k != 'stuckPage' }), { 'stuck': $merge([$e.stuck, { 'instances': $instances }]) }])
)`;
}

/**
 * JSONata: `$.stuck.limits`, the largest instance each compute environment involved may launch
 * (`{ v, m, g }`: vCPUs, MiB, GPUs), for those whose every instance type is known and that are
 * not Fargate.
 */
function sizeComputeEnvironments(): string {
  return `(
  $e := $states.input;
  $s := $e.stuck;
  ${INSTANCE_LIMITS_JSONATA}
  $sized := $s.computeEnvironments.( $name := $; $cfg := $lookup($s.configuration.ces, $name); (
    $each := $append([], $map($cfg.types, function($t) { ( $x := $limits($t); $exists($x) ? { 'v': $x[0], 'm': $x[1], 'g': $x[2] } ) }));
    ($exists($cfg) and $count($cfg.types) > 0 and $count($each) = $count($cfg.types) and $not($cfg.model in ['FARGATE', 'FARGATE_SPOT']))
      ? { $name: { 'v': $max($each.v), 'm': $max($each.m), 'g': $max($each.g) } }
  ) );
  $merge([$e, { 'stuck': $merge([$s, { 'limits': $merge($append([{}], $sized)) }]) }])
)`;
}

/**
 * JSONata: `$.stuck.context`, what every job's diagnosis reads, per compute environment involved:
 * whether its configuration is known, the largest instance its types allow (`limits`), its
 * registered and maximum vCPUs (EC2 and Spot only), whether placed jobs keep it busy, and its
 * evidence with each launched instance marked registered or not.
 */
function buildContext(): string {
  return `(
  $e := $states.input;
  $s := $e.stuck;
  $ces := $merge($append([{}], $s.computeEnvironments.( $name := $; $cfg := $lookup($s.configuration.ces, $name); $ev := $lookup($s.evidence, $name); $v := $lookup($s.instances.vcpus, $name);
    { $name: {
      'known': $exists($cfg) and $cfg.enabled,
      'limits': $lookup($s.limits, $name),
      'vcpus': $exists($v) ? $v : 0,
      'max': $not($cfg.model in ['FARGATE', 'FARGATE_SPOT']) ? $cfg.max,
      'busy': $name in $s.busy,
      'failures': $append([], $ev.failures),
      'message': $ev.message,
      'launches': $append([], $ev.launches.$merge([$, { 'registered': instance in $s.instances.registered }])),
      'placements': $append([], $ev.placements)
    } }
  )));
  $merge([$e, { 'stuck': { 'picked': $s.picked, 'count': $s.count, 'context': { 'queues': $s.configuration.queues, 'ces': $ces } } }])
)`;
}

/**
 * JSONata, in the Map over the jobs: `$.facts`, each reason's test on the job's own evidence (its
 * item) and its compute environments' (the context): the block that named it since it entered the
 * state, whether it fits none of the largest instances, whether every compute environment is at
 * its maximum, the launch failures, unregistered launches and placement failures while it waited,
 * whether a compute environment is busy; and whether this entry was already diagnosed by another
 * execution.
 */
function gatherFacts(options: Required<StuckJobOptions>): string {
  return `(
  $e := $states.input;
  $j := $e.job;
  $c := $e.context;
  $i := $e.item.Item;
  $now := $toMillis($e.minute) / 1000;
  $note := function($v) { $type($v) = 'string' ? ( $p := $split($v, '|'); { 'at': $number($p[0]), 'text': $substring($v, $length($p[0]) + 1) } ) };
  $blocked := $note($i.${J.blockedAttribute}.S);
  $pull := $note($i.${J.pullAttribute}.S);
  $req := $exists($i.${J.requirementsAttribute}.S) ? $split($i.${J.requirementsAttribute}.S, '|').$number($) : [0, 0, 0];
  $names := $j.state = 'STARTING' ? $append([], $j.ce) : $append([], $lookup($c.queues, $j.queue));
  $mine := $append([], $names.( $n := $; $ce := $lookup($c.ces, $n); $exists($ce) ? $merge([$ce, { 'name': $n }]) ));
  $known := $count($names) > 0 and $count($mine[known]) = $count($names);
  $since := $j.since;
  $recent := $max([$since, $j.stuckAt - ${options.failureWindowMinutes * 60}]);
  $fits := function($ce) { $not($exists($ce.limits)) or ($ce.limits.v >= $req[0] and $ce.limits.m >= $req[1] and $ce.limits.g >= $req[2]) };
  $fitting := $mine[$fits($)];
  $failures := $sort($append([], $fitting.failures[at >= $recent and at <= $j.stuckAt]), function($a, $b) { $a.at < $b.at });
  $unregistered := $append([], $fitting.launches[registered = false and at < $j.stuckAt - ${options.registrationGraceMinutes * 60}].instance);
  $placements := $distinct($append([], $fitting.placements[at >= $recent and at <= $j.stuckAt].reason));
  $merge([$e, { 'facts': {
    'already': $i.${J.diagnosedAttribute}.S = $j.entry and $not($i.${J.diagnosedByAttribute}.S in [$e.writer.mark, $e.writer.execution]),
    'blocked': $blocked.at >= $since and $blocked.at <= $j.stuckAt ? $blocked.text,
    'tooBig': $known and $count($mine[$exists(limits)]) = $count($names) and $count($fitting) = 0,
    'atMax': $known and $count($fitting) > 0 and $count($fitting[$exists(max) and vcpus + $req[0] > max]) = $count($fitting),
    'failures': $failures,
    'message': ($mine[$exists(message)].message)[0],
    'unregistered': $unregistered,
    'placements': $placements,
    'busy': $count($fitting[busy]) > 0,
    'pull': $pull.at >= $since ? $pull.text,
    'placed': $exists($i.${JOBS_TABLE.placementAttribute}) or $exists($j.ce),
    'requirements': $req,
    'computeEnvironments': $mine.{ 'name': name, 'vcpus': vcpus, 'max': max, 'limits': limits }
  } }])
)`;
}

/**
 * JSONata, in the Map over the jobs: `$.diagnosis`, the first reason that holds and the job's
 * `StuckJobs` record, whose properties are the evidence chain for Logs Insights.
 */
function nameReason(): string {
  const record = jsonataRecord({
    metric: 'StuckJobs',
    time: '$states.input.minute',
    dimensions: { JobQueue: '$j.queue', Reason: '$reason' },
    properties: {
      jobId: '$j.jobId',
      state: '$j.state',
      since: '$fromMillis($j.since * 1000)',
      stuckAt: '$fromMillis($j.stuckAt * 1000)',
      waitedSeconds: '$now - $j.since',
      computeEnvironments: "$join($append([], $f.computeEnvironments.name), ',')",
      evidence: '$evidence',
      failureClass: "$reason = 'launch-failures' ? $f.failures[0].class",
      statusReason: "$reason = 'queue-blocked' ? $f.blocked",
      placementReasons: "$reason = 'placement-failures' ? $join($f.placements, ',')",
      instances: "$reason = 'instances-not-registering' ? $join($f.unregistered, ',')",
      requirements: "$join($f.requirements.$string($), '|')",
    },
  });
  return `(
  $e := $states.input;
  $j := $e.job;
  $f := $e.facts;
  $now := $toMillis($e.minute) / 1000;
  $ces := $join($append([], $f.computeEnvironments.(name & ' (' & $string(vcpus) & '/' & ($exists(max) ? $string(max) : '?') & ' vCPUs)')), ', ');
  $reason := $j.state = 'STARTING'
    ? ($exists($f.pull) ? 'image-pull' : ($f.placed ? 'agent' : 'unknown'))
    : ($exists($f.blocked) ? 'queue-blocked' : $f.tooBig ? 'too-big' : $f.atMax ? 'at-max-vcpus' : $count($f.failures) > 0 ? 'launch-failures'
      : $count($f.unregistered) > 0 ? 'instances-not-registering' : $count($f.placements) > 0 ? 'placement-failures' : $f.busy ? 'waiting-its-turn' : 'unknown');
  $evidence := $lookup({
    'queue-blocked': 'Job Queue Blocked: ' & $f.blocked,
    'too-big': 'asks ' & $join($f.requirements.$string($), '|') & ' (vCPUs|MiB|GPUs), more than the largest instance of ' & $ces,
    'at-max-vcpus': 'every compute environment at its maximum: ' & $ces,
    'launch-failures': $string($count($f.failures)) & ' launch failures (' & $f.failures[0].class & '): ' & $f.message,
    'instances-not-registering': 'launched, not registered: ' & $join($f.unregistered, ', '),
    'placement-failures': 'RunTask placement failures: ' & $join($f.placements, ', '),
    'waiting-its-turn': 'placed jobs keep busy ' & $ces,
    'image-pull': 'image pull: ' & $f.pull,
    'agent': 'no image pull started since it was placed',
    'unknown': 'no evidence in ' & ($ces = '' ? 'no known compute environment' : $ces)
  }, $reason);
  $merge([$e, { 'diagnosis': { 'reason': $reason, 'record': ${record} } }])
)`;
}

/** The Map's item processor: read the job's item, weigh the evidence, mark the entry diagnosed once, give the record. */
function diagnoseEach(resources: StuckJobsResources, options: Required<StuckJobOptions>): Record<string, State> {
  const BEFORE = 'The entry was diagnosed before';
  return {
    'Read the stuck job’s item': getItem(
      resources.partition,
      {
        TableName: resources.jobsTable,
        Key: { [JOBS_TABLE.partitionKey]: str('$.job.jobId') },
        ProjectionExpression: '#req, #blk, #pull, #dx, #dxBy, #placed',
        ExpressionAttributeNames: {
          '#req': J.requirementsAttribute,
          '#blk': J.blockedAttribute,
          '#pull': J.pullAttribute,
          '#dx': J.diagnosedAttribute,
          '#dxBy': J.diagnosedByAttribute,
          '#placed': JOBS_TABLE.placementAttribute,
        },
      },
      { ResultPath: '$.item', Retry: TRANSIENT_RETRY, Next: 'Gather the stuck job’s facts' },
    ),
    'Gather the stuck job’s facts': jsonataPass(gatherFacts(options), 'Was the entry diagnosed before?'),
    'Was the entry diagnosed before?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.facts.already', BooleanEquals: true, Next: BEFORE }],
      Default: 'Name the stuck job’s reason',
    },
    'Name the stuck job’s reason': jsonataPass(nameReason(), 'Mark the entry diagnosed'),
    'Mark the entry diagnosed': updateItem(
      resources.partition,
      {
        TableName: resources.jobsTable,
        Key: { [JOBS_TABLE.partitionKey]: str('$.job.jobId') },
        UpdateExpression: 'SET #dx = :entry, #dxBy = :execution',
        // Once per state entry: another execution's diagnosis of this entry stands; this execution's
        // own (a retry after its write committed), or the failed one's it was redriven for, does not.
        ConditionExpression: 'attribute_not_exists(#dx) OR #dx <> :entry OR #dxBy IN (:mark, :execution)',
        ExpressionAttributeNames: { '#dx': J.diagnosedAttribute, '#dxBy': J.diagnosedByAttribute },
        ExpressionAttributeValues: { ':entry': str('$.job.entry'), ':mark': str('$.writer.mark'), ':execution': str('$.writer.execution') },
      },
      {
        Comment: 'A concurrent execution for the same minute (a schedule delivered twice) finds the entry diagnosed.',
        ResultPath: null,
        Retry: TRANSIENT_RETRY,
        Catch: [{ ErrorEquals: [CONDITIONAL_CHECK_FAILED], ResultPath: null, Next: BEFORE }],
        Next: 'Give the stuck job’s record',
      },
    ),
    'Give the stuck job’s record': { Type: 'Pass', Parameters: { 'record.$': '$.diagnosis.record' }, End: true },
    [BEFORE]: { Type: 'Pass', Comment: 'Diagnosed once per state entry: nothing to record.', Result: {}, End: true },
  };
}

/**
 * The branch of the minute workflow that diagnoses stuck jobs: a job RUNNABLE longer than its
 * queue's threshold, or STARTING longer than the STARTING threshold, is given once (per state
 * entry) the first reason of {@link RUNNABLE_STUCK_REASONS} (or {@link STARTING_STUCK_REASONS})
 * that holds, from batchmon's own tables only — never a Batch Describe or List call — and counted in
 * `StuckJobs` by job queue and reason, its record carrying the evidence chain.
 *
 * It finds the candidates in the live index (the state set's greatest entry and its time), and
 * only in a minute with one reads the rest: the configuration (each queue's compute environments,
 * their maximum vCPUs and instance types), the evidence of the compute environments involved over
 * the last hour (one Query each), the instances (registered vCPUs, which launched instances
 * registered), then each job's item (what it asks for, a block that named it, an image pull in
 * trouble). The entry is marked diagnosed with a conditional write, so that one state entry is
 * diagnosed once whatever the number of executions; the records are sent in one message,
 * deduplicated by the minute.
 *
 * @example
 * const branch = stuckJobsBranch('MinuteLevels', resources, { runnableMinutesByQueue: { gpu: 30 } });
 */
export function stuckJobsBranch(workflow: string, resources: StuckJobsResources, stuckJobOptions: StuckJobOptions = {}): Branch {
  // An option given as undefined (a stack option left out) keeps its default.
  const given = Object.fromEntries(Object.entries(stuckJobOptions).filter(([, value]) => value !== undefined));
  const options: Required<StuckJobOptions> = { ...DEFAULT_STUCK_JOB_OPTIONS, ...given };
  const longest = Math.max(options.runnableMinutes, options.startingMinutes, ...Object.values(options.runnableMinutesByQueue));
  // Evidence from before the job entered its state, and the window in which it may be picked.
  const evidenceMinutes = longest + STUCK_JOBS_BOUNDS.windowMinutes + 2 * EVIDENCE_BUCKET_MINUTES;
  const boundedLoop = (variable: string, more: string, done: string, tooMany: string, pages: number): State => ({
    Type: 'Choice',
    Choices: [
      {
        And: [
          { Variable: `${variable}.next`, IsPresent: true },
          { Variable: `${variable}.pages`, NumericLessThan: pages },
        ],
        Next: more,
      },
      { Variable: `${variable}.next`, IsPresent: true, Next: tooMany },
    ],
    Default: done,
  });
  const states: Record<string, State> = {
    [FIRST_PAGE]: readLivePage(resources, false),
    [NEXT_PAGE]: readLivePage(resources, true),
    [ADD_PAGE]: jsonataPass(findCandidates(options), MORE_PAGES),
    [MORE_PAGES]: boundedLoop('$.stuck', NEXT_PAGE, PICK, 'Skip: more live jobs than one minute diagnoses', STUCK_JOBS_BOUNDS.pages),
    'Skip: more live jobs than one minute diagnoses': skip(workflow, StuckJobsSkip.TooManyLiveJobs, SEND_SKIP),
    [PICK]: jsonataPass(pickCandidates(), ANY),
    [ANY]: { Type: 'Choice', Choices: [{ Variable: '$.stuck.count', NumericGreaterThan: 0, Next: CONFIG_FIRST }], Default: 'No job is stuck' },
    'No job is stuck': { Type: 'Succeed', Comment: 'Nothing else is read in a minute without a job past its threshold.' },
    [CONFIG_FIRST]: readConfigurationPage(resources, false),
    [CONFIG_NEXT]: readConfigurationPage(resources, true),
    [CONFIG_ADD]: jsonataPass(addConfiguration(evidenceMinutes), CONFIG_MORE),
    [CONFIG_MORE]: boundedLoop('$.stuck.configuration', CONFIG_NEXT, EVIDENCE, 'Skip: more to read than one minute diagnoses', STUCK_JOBS_BOUNDS.otherPages),
    'Skip: more to read than one minute diagnoses': skip(workflow, StuckJobsSkip.TooMuchToRead, SEND_SKIP),
    [EVIDENCE]: {
      Type: 'Map',
      ItemsPath: '$.stuck.computeEnvironments',
      ItemSelector: { 'ce.$': '$$.Map.Item.Value', 'since.$': '$.stuck.evidenceSince' },
      MaxConcurrency: 10,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Read the compute environment’s evidence',
        States: {
          'Read the compute environment’s evidence': query(
            resources.partition,
            {
              TableName: resources.evidenceTable,
              KeyConditionExpression: '#ce = :ce AND #bucket >= :since',
              ExpressionAttributeNames: { '#ce': E.partitionKey, '#bucket': E.sortKey },
              ExpressionAttributeValues: { ':ce': str('$.ce'), ':since': str('$.since') },
              Limit: 100,
            },
            { Comment: 'The buckets of the last hour or so: a handful of small items.', ResultSelector: { 'Items.$': '$.Items' }, ResultPath: '$.found', Retry: TRANSIENT_RETRY, End: true },
          ),
        },
      },
      ResultPath: '$.stuckEvidence',
      Next: SUMMARIZE,
    },
    [SUMMARIZE]: jsonataPass(summarizeEvidence(), INSTANCES_FIRST),
    [INSTANCES_FIRST]: readInstancesPage(resources, false),
    [INSTANCES_NEXT]: readInstancesPage(resources, true),
    [INSTANCES_ADD]: jsonataPass(addInstances(), INSTANCES_MORE),
    [INSTANCES_MORE]: boundedLoop('$.stuck.instances', INSTANCES_NEXT, SIZE, 'Skip: more to read than one minute diagnoses', STUCK_JOBS_BOUNDS.pages),
    [SIZE]: jsonataPass(sizeComputeEnvironments(), CONTEXT),
    [CONTEXT]: jsonataPass(buildContext(), DIAGNOSE),
    [DIAGNOSE]: {
      Type: 'Map',
      ItemsPath: '$.stuck.picked',
      ItemSelector: { 'job.$': '$$.Map.Item.Value', 'context.$': '$.stuck.context', 'minute.$': '$.minute', 'writer.$': '$.writer' },
      MaxConcurrency: 5,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Read the stuck job’s item', States: diagnoseEach(resources, options) },
      ResultPath: '$.stuck.diagnosed',
      Next: MESSAGE,
    },
    [MESSAGE]: jsonataPass(
      `(
  $e := $states.input;
  $records := $append([], $e.stuck.diagnosed[$exists(record)].record);
  { 'minute': $e.minute, 'count': $count($records), 'message': { 'source': ${literal(workflow)}, 'records': $records } }
)`,
      ANY_RECORD,
    ),
    [ANY_RECORD]: { Type: 'Choice', Choices: [{ Variable: '$.count', NumericGreaterThan: 0, Next: SEND }], Default: 'Every stuck job was diagnosed before' },
    'Every stuck job was diagnosed before': { Type: 'Succeed', Comment: 'Each state entry is diagnosed once: the jobs picked were all diagnosed by an earlier execution.' },
    [SEND]: sendMessage(
      resources.partition,
      {
        QueueUrl: resources.metricsQueueUrl,
        'MessageBody.$': '$.message',
        'MessageGroupId.$': `States.Format('${workflow}#{}#stuck', $.minute)`,
        'MessageDeduplicationId.$': `States.Format('${workflow}#{}#stuck', $.minute)`,
      },
      { Comment: 'Deduplicated by the minute: a retried send, or a second execution for the minute, is kept once.', ResultPath: null, Retry: TRANSIENT_RETRY, End: true },
    ),
    [SEND_SKIP]: sendMessage(
      resources.partition,
      {
        QueueUrl: resources.metricsQueueUrl,
        'MessageBody.$': '$.message',
        // Suffixed: the capacity and job counts branches' skips are sent by the same execution.
        'MessageGroupId.$': "States.Format('{}#stuck', $$.Execution.Name)",
        'MessageDeduplicationId.$': "States.Format('{}#stuck', $$.Execution.Name)",
      },
      { ResultPath: null, Retry: TRANSIENT_RETRY, End: true },
    ),
  };
  return { StartAt: FIRST_PAGE, States: states };
}
