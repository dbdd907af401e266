import type { StuckJobOptions } from '@batchmon/correlation';
import { StackConfigurationError } from '../errors';

/**
 * The stack's `stuckJobs` option, checked: every number of minutes a whole number from 1 to 1,440
 * (a day: the jobs' evidence is read over the longest threshold, and the evidence table keeps a day).
 *
 * @example
 * checkedStuckJobOptions({ runnableMinutesByQueue: { gpu: 30 } }); // returned as given
 * checkedStuckJobOptions({ runnableMinutes: 0 }); // throws StackConfigurationError
 */
export function checkedStuckJobOptions(options: StuckJobOptions | undefined): StuckJobOptions {
  if (options === undefined) return {};
  const check = (where: string, value: number | undefined): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < 1 || value > 1440) {
      throw new StackConfigurationError(`stuckJobs.${where}: expected a whole number of minutes from 1 to 1440, found ${JSON.stringify(value)}`);
    }
  };
  check('runnableMinutes', options.runnableMinutes);
  check('startingMinutes', options.startingMinutes);
  check('registrationGraceMinutes', options.registrationGraceMinutes);
  for (const [queue, minutes] of Object.entries(options.runnableMinutesByQueue ?? {})) check(`runnableMinutesByQueue.${queue}`, minutes);
  return options;
}

/**
 * Per-queue thresholds as the command line gives them: `gpu=30,cpu-small=20` (queue name, minutes).
 *
 * @example
 * parseQueueMinutes('gpu=30,cpu=20'); // { gpu: 30, cpu: 20 }
 */
export function parseQueueMinutes(text: string): Record<string, number> {
  const entries = text.split(',').filter((entry) => entry.trim() !== '').map((entry) => {
    const [queue, minutes] = entry.split('=');
    if (queue === undefined || queue.trim() === '' || minutes === undefined) {
      throw new StackConfigurationError(`stuckRunnableMinutesByQueue: expected <queue>=<minutes>[,…], found ${JSON.stringify(entry)}`);
    }
    return [queue.trim(), Number(minutes)] as const;
  });
  return Object.fromEntries(entries);
}
