import { JOB_STATUSES } from '@batchmon/event-schemas';
import type { Branch, State, TaskState } from '../asl/asl';
import { CONDITIONAL_CHECK_FAILED, TRANSIENT_RETRY, scan, sendMessage, str, updateItem, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { JOBS_TABLE } from '../instances/instance-item';
import { TERMINAL_STATES } from '../job-states/describe-job';
import { jsonataRecord, literal } from '../records/jsonata-records';
import { skip } from '../records/skips';

/** What the job counts branch reads and where it sends them. */
export interface JobCountsResources extends PartitionResources {
  readonly jobsTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reasons of the job counts branch: a bound was reached, and nothing was published for the minute. */
export const JobCountsSkip = {
  /** The live index has more entries than {@link JOB_COUNTS_BOUNDS} lets one execution read. */
  TooManyLiveJobs: 'too-many-live-jobs',
  /** The live jobs name more job queues or compute environments than AWS Batch allows in a Region. */
  TooManyQueues: 'too-many-queues',
} as const;

/**
 * The bounds of one execution's reads.
 *
 * - `itemsPerPage`: an entry of the live index, projected to the state set (with the compute
 *   environment of its placed entries) and the expiry, is about 200 bytes in Step Functions' JSON (a job that went
 *   through every state of several attempts): 500 stay well under the 256 KB a state's payload may
 *   hold ("Quotas related to state machine executions", Step Functions developer guide).
 * - `pages`: 40 pages, 20,000 jobs submitted, waiting or running at once. Beyond that the minute is
 *   skipped and counted, never published partially.
 * - `queues`: AWS Batch allows 50 job queues and 50 compute environments per Region ("AWS Batch
 *   service quotas", https://docs.aws.amazon.com/batch/latest/userguide/service_limits.html): the
 *   minute's one message holds at most 50 × 6 + 50 × 2 records, about 70 KB of the 256 KB an SQS
 *   message may hold.
 */
export const JOB_COUNTS_BOUNDS = { itemsPerPage: 500, pages: 40, queues: 50 } as const;

/**
 * The live states counted: every state but the terminal ones, in the order of `JOB_STATUSES`, and
 * but SUBMITTED: "Events aren't created for the initial job submission" ("Job state change
 * events", AWS Batch User Guide, https://docs.aws.amazon.com/batch/latest/userguide/batch_job_events.html),
 * so no job item is ever in it and its count would be a series of zeros (the submissions are
 * `JobsSubmitted`, from CloudTrail).
 */
export const LIVE_STATES = JOB_STATUSES.filter((status) => status !== 'SUBMITTED' && !(TERMINAL_STATES as readonly string[]).includes(status));

/**
 * The live states in which a job is on a compute environment (counted by compute environment too):
 * before STARTING a job is not placed yet (its RUNNABLE entries name no compute environment).
 */
export const PLACED_LIVE_STATES = ['STARTING', 'RUNNING'] as const satisfies readonly (typeof LIVE_STATES)[number][];

const order = (state: string): number => (JOB_STATUSES as readonly string[]).indexOf(state);
const orders = (states: readonly string[]): string => `[${states.map(order).join(', ')}]`;
const states = (list: readonly string[]): string => `[${list.map((state) => JSON.stringify(state)).join(', ')}]`;

const FIRST_PAGE = 'Read the first page of live jobs';
const NEXT_PAGE = 'Read the next page of live jobs';
const ADD_PAGE = 'Add the page to the job counts';
const ANY_ENDED = 'Did the page hold ended jobs?';
const TAKE_OUT = 'Take the ended jobs out of the live index';
const TAKE_ONE_OUT = 'Take the ended job out of the live index';
const MORE_PAGES = 'Is there another page of live jobs?';
const DESCRIBE = 'Describe the jobs in each state';
const HOW_MANY = 'Are there more queues than Batch allows?';
const SEND = 'Send the job counts';
const SEND_SKIP = 'Send the job counts’ skipped minute';
const S = JOBS_TABLE.stateSetAttribute;

/** A Scan page of the live index, projected to what the counts read, into `$.page`. */
function readPage(resources: JobCountsResources, next: boolean): TaskState {
  return scan(
    resources.partition,
    {
      TableName: resources.jobsTable,
      IndexName: JOBS_TABLE.liveIndex,
      // The job id too: a job the page shows ended is taken out of the index by its key.
      ProjectionExpression: '#id, #live, #states, #expiresAt',
      ExpressionAttributeNames: { '#id': JOBS_TABLE.partitionKey, '#live': JOBS_TABLE.liveAttribute, '#states': S, '#expiresAt': JOBS_TABLE.timeToLiveAttribute },
      Limit: JOB_COUNTS_BOUNDS.itemsPerPage,
      ...(next ? { 'ExclusiveStartKey.$': '$.jobCounts.next' } : {}),
    },
    {
      Comment: next
        ? 'Carries on from where the previous page stopped.'
        : 'The live index holds only the jobs that have not ended (sparse): its size follows the jobs waiting and running.',
      // No ResultSelector: `LastEvaluatedKey` is absent on the last page, and selecting it would fail.
      ResultPath: '$.page',
      Retry: TRANSIENT_RETRY,
      Next: ADD_PAGE,
    },
  );
}

/**
 * JSONata: the page's live jobs added to `$.jobCounts`: `byQueue` (`<queue>|<state order>` → jobs),
 * `byComputeEnvironment` (the same for the placed live states, by the compute environment their
 * current entry names) and `oldest` (`<queue>` → the
 * earliest epoch second a job now RUNNABLE entered it). A job's current state is its greatest
 * entry — greatest attempt, then latest state — whatever order its events arrived in; a job whose
 * greatest entry is terminal (an event older than its end arrived after it) or whose expiry has
 * passed (TTL deletes within days, not at once) is not live and not counted.
 *
 * `$.ended` lists the page's jobs whose greatest entry is terminal (`{ id, entry }`): an event
 * older than the job's end, delivered after it, keeps its queue under the index key again (the
 * write cannot know it is late), and such a job would stay in the index, read every minute, until
 * its expiry 30 days on. The next state takes them out.
 */
function addPage() {
  const expression = `(
  $e := $states.input;
  $previous := $exists($e.jobCounts) ? $e.jobCounts : { 'pages': 0, 'byQueue': {}, 'byComputeEnvironment': {}, 'oldest': {} };
  $now := $toMillis($e.minute) / 1000;
  $read := function($item) { (
    $entries := $item.${S}.SS.( $p := $split($, '|'); { 'rank': $number($p[0]) * 10 + $number($p[1]), 'order': $number($p[1]), 'at': $number($p[2]), 'ce': $p[3], 'entry': $ } );
    $top := $entries[rank = $max($entries.rank)];
    { 'id': $item.${JOBS_TABLE.partitionKey}.S, 'queue': $item.${JOBS_TABLE.liveAttribute}.S, 'ce': $top[$exists(ce)][0].ce, 'order': $top[0].order, 'entry': $top[0].entry, 'at': $max($top.at), 'expires': $number($item.${JOBS_TABLE.timeToLiveAttribute}.N) }
  ) };
  $all := $append([], $map($e.page.Items[$exists(${JOBS_TABLE.liveAttribute}.S) and $exists(${S}.SS)], $read));
  $rows := $append([], $all[order in ${orders(LIVE_STATES)} and expires > $now]);
  $ended := $append([], $all[order in ${orders(TERMINAL_STATES)} and $exists(id)].{ 'id': id, 'entry': entry });
  $add := function($counts, $seen) { $merge($map($distinct($append($keys($counts), $seen)), function($k) { { $k: $sum([$lookup($counts, $k), $count($seen[$ = $k])]) } })) };
  $runnable := $rows[order = ${order('RUNNABLE')}];
  $oldest := $merge($map($distinct($append($keys($previous.oldest), $runnable.queue)), function($q) { { $q: $min($append([], [$lookup($previous.oldest, $q), $runnable[queue = $q].at])) } }));
  $jobCounts := $merge([{
    'pages': $previous.pages + 1,
    'byQueue': $add($previous.byQueue, $rows.(queue & '|' & $string(order))),
    'byComputeEnvironment': $add($previous.byComputeEnvironment, $rows[$exists(ce) and order in ${orders(PLACED_LIVE_STATES)}].(ce & '|' & $string(order))),
    'oldest': $oldest
  }, $exists($e.page.LastEvaluatedKey) ? { 'next': $e.page.LastEvaluatedKey } : {}]);
  $merge([$sift($e, function($v, $k) { $k != 'page' and $k != 'jobCounts' and $k != 'ended' }), { 'jobCounts': $jobCounts, 'ended': $ended }])
)`;
  return jsonataPass(expression, ANY_ENDED);
}

/**
 * JSONata: the minute's message, in `$.jobCountsMessage`: for every job queue with a live job,
 * `JobsInState` in each live state (zero where none is) and `OldestRunnableAge` (zero when no job
 * waits); for every compute environment with a placed live job, `JobsInState` in each placed state.
 * `queues` is the larger of the queue and compute environment counts, for the bound.
 */
function describeCounts(workflow: string) {
  const byQueue = jsonataRecord({ metric: 'JobsInState', value: '$n($c.byQueue, $q & "|" & $string($o))', time: '$minute', dimensions: { State: '$state($o)', JobQueue: '$q' } });
  const oldest = jsonataRecord({
    metric: 'OldestRunnableAge',
    value: '$exists($lookup($c.oldest, $q)) ? $max([0, $now - $lookup($c.oldest, $q)]) : 0',
    time: '$minute',
    dimensions: { JobQueue: '$q' },
  });
  const byComputeEnvironment = jsonataRecord({
    metric: 'JobsInState',
    value: '$n($c.byComputeEnvironment, $ce & "|" & $string($o))',
    time: '$minute',
    dimensions: { State: '$state($o)', ComputeEnvironment: '$ce' },
  });
  const expression = `(
  $e := $states.input;
  $c := $e.jobCounts;
  $minute := $e.minute;
  $now := $toMillis($minute) / 1000;
  $names := ${states(JOB_STATUSES)};
  $state := function($o) { $names[$o] };
  $n := function($counts, $k) { $exists($lookup($counts, $k)) ? $lookup($counts, $k) : 0 };
  $queues := $append([], $distinct($keys($c.byQueue).$split($, '|')[0]));
  $ces := $append([], $distinct($keys($c.byComputeEnvironment).$split($, '|')[0]));
  $records := $append(
    $queues.( $q := $; $append(${orders(LIVE_STATES)}.( $o := $; ${byQueue} ), [${oldest}]) ),
    $ces.( $ce := $; ${orders(PLACED_LIVE_STATES)}.( $o := $; ${byComputeEnvironment} ) )
  );
  $merge([$sift($e, function($v, $k) { $k != 'jobCounts' }), {
    'jobCountsMessage': { 'source': ${literal(workflow)}, 'records': $append([], $records) },
    'queues': $max([$count($queues), $count($ces)])
  }])
)`;
  return jsonataPass(expression, HOW_MANY);
}

/**
 * Sends `$.jobCountsMessage`, deduplicated by the workflow, the minute and the branch, so that a
 * retried send, or a second execution for the same minute (a schedule delivered twice, a redrive),
 * is kept once by the FIFO queue within its five-minute deduplication interval; or a skip's
 * `$.message`.
 */
function send(resources: JobCountsResources, workflow: string, what: 'counts' | 'skip'): TaskState {
  // A skip's state is its message alone (the minute is gone): the execution's name stands for it,
  // suffixed so that it never collides with the capacity branch's own skip.
  const deduplicationId = what === 'counts' ? `States.Format('${workflow}#{}#jobs', $.minute)` : `States.Format('{}#jobs', $$.Execution.Name)`;
  return sendMessage(
    resources.partition,
    {
      QueueUrl: resources.metricsQueueUrl,
      'MessageBody.$': what === 'counts' ? '$.jobCountsMessage' : '$.message',
      // The group is the message's own (deduplication is per message group on the metrics queue).
      'MessageGroupId.$': deduplicationId,
      'MessageDeduplicationId.$': deduplicationId,
    },
    { ResultPath: null, Retry: TRANSIENT_RETRY, End: true },
  );
}

/**
 * Takes each of the page's ended jobs (`$.ended`) out of the live index: its queue moves from the
 * index key to `ended`, as a terminal event's write leaves it. The condition makes it safe
 * whatever happened since the Scan (an eventually consistent read): the item still has the key and
 * still holds the terminal entry the page showed (a terminal state is final: no later event ranks
 * above it); a job gone in the meantime (TTL) fails the condition, which ends that item quietly.
 * One write per late event after a job's end, once; none in the ordinary course.
 */
function takeEndedJobsOut(resources: JobCountsResources): State {
  return {
    Type: 'Map',
    Comment: 'At most a page of jobs, ten at a time.',
    ItemsPath: '$.ended',
    MaxConcurrency: 10,
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: TAKE_ONE_OUT,
      States: {
        [TAKE_ONE_OUT]: updateItem(
          resources.partition,
          {
            TableName: resources.jobsTable,
            Key: { [JOBS_TABLE.partitionKey]: str('$.id') },
            UpdateExpression: 'SET #ended = #live REMOVE #live',
            ConditionExpression: 'attribute_exists(#live) AND contains(#states, :entry)',
            ExpressionAttributeNames: { '#live': JOBS_TABLE.liveAttribute, '#ended': JOBS_TABLE.endedAttribute, '#states': S },
            ExpressionAttributeValues: { ':entry': str('$.entry') },
          },
          {
            ResultPath: null,
            Retry: TRANSIENT_RETRY,
            Catch: [{ ErrorEquals: [CONDITIONAL_CHECK_FAILED], ResultPath: null, Next: 'The job is out of the live index' }],
            Next: 'The job is out of the live index',
          },
        ),
        'The job is out of the live index': {
          Type: 'Succeed',
          Comment: 'Taken out now, or already (by another minute, or deleted by its expiry): nothing to count, no message to send.',
        },
      },
    },
    ResultPath: null,
    Next: MORE_PAGES,
  };
}

/**
 * The branch of the minute workflow that publishes the live job counts: `JobsInState` by state and
 * job queue and by state and compute environment, and `OldestRunnableAge` by job queue — counted
 * from the job items JobStates keeps, never from a Describe or List call.
 *
 * Each job state change adds the job's entry into the state to its item's state set, in the write
 * JobStates makes anyway (no write of its own), and keeps the job's queue under the key of a
 * sparse index while the job has not ended. Once a minute this branch reads that index (a
 * paginated, eventually consistent Scan bounded by {@link JOB_COUNTS_BOUNDS}) and counts each job
 * in its current state: its greatest entry. The counts are exact by construction and follow every
 * transition in order, whatever order or how many times the events arrived: a set union ignores a
 * repeated entry, and an older entry never ranks above a newer one. A terminal state takes the job
 * out of the index; its expiry too; and a job an older event put back after its end is taken out by
 * the next minute that reads it. Sends one message per minute.
 *
 * @param workflow the workflow's name, for the records' source and the skips
 * @param resources the jobs table and the metrics queue
 *
 * @example
 * const branch = jobCountsBranch('MinuteLevels', { jobsTable: 'J', metricsQueueUrl: url, partition: 'aws' });
 */
export function jobCountsBranch(workflow: string, resources: JobCountsResources): Branch {
  const all: Record<string, State> = {
    [FIRST_PAGE]: readPage(resources, false),
    [NEXT_PAGE]: readPage(resources, true),
    [ADD_PAGE]: addPage(),
    [ANY_ENDED]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.ended[0]', IsPresent: true, Next: TAKE_OUT }],
      Default: MORE_PAGES,
    },
    [TAKE_OUT]: takeEndedJobsOut(resources),
    [MORE_PAGES]: {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.jobCounts.next', IsPresent: true },
            { Variable: '$.jobCounts.pages', NumericLessThan: JOB_COUNTS_BOUNDS.pages },
          ],
          Next: NEXT_PAGE,
        },
        { Variable: '$.jobCounts.next', IsPresent: true, Next: 'Skip: more live jobs than one minute reads' },
      ],
      Default: DESCRIBE,
    },
    'Skip: more live jobs than one minute reads': skip(workflow, JobCountsSkip.TooManyLiveJobs, SEND_SKIP),
    [DESCRIBE]: describeCounts(workflow),
    [HOW_MANY]: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.queues', NumericGreaterThan: JOB_COUNTS_BOUNDS.queues, Next: 'Skip: more job queues than Batch allows' },
        { Variable: '$.queues', NumericEquals: 0, Next: 'No job is live' },
      ],
      Default: SEND,
    },
    'No job is live': { Type: 'Succeed', Comment: 'Nothing to send: no queue has a live job, and a queue with none has no count to publish.' },
    'Skip: more job queues than Batch allows': skip(workflow, JobCountsSkip.TooManyQueues, SEND_SKIP),
    [SEND]: send(resources, workflow, 'counts'),
    [SEND_SKIP]: send(resources, workflow, 'skip'),
  };
  return { StartAt: FIRST_PAGE, States: all };
}
