import { WORKLOAD_PRESETS } from '../options/workload-presets';
import { STUCK_SITUATIONS } from '../situations/stuck-situations';
import { parseSimulateArguments } from './simulate-arguments';
import { UsageError } from '../errors';

describe('parseSimulateArguments', () => {
  it('reads every option', () => {
    expect(
      parseSimulateArguments(['--jobs', '1000', '--seed=-7', '--out', 'e.jsonl', '--start', '2024-06-01T00:00:00Z', '--duplicates', '0.05', '--reorder', '0.1', '--truth', 't.json']),
    ).toEqual({
      out: 'e.jsonl',
      truth: 't.json',
      options: { jobs: 1000, seed: -7, start: '2024-06-01T00:00:00Z', duplicateRate: 0.05, reorderRate: 0.1, keepFinishedJobs: true },
    });
  });

  it('keeps per-job records only when the truth is written', () => {
    expect(parseSimulateArguments(['--out', 'e.jsonl'])?.options).toEqual({ keepFinishedJobs: false });
  });

  it('reads the stuck situations asked for, in their canonical order', () => {
    expect(parseSimulateArguments(['--out', 'e', '--stuck', 'image-pull, too-big'])?.options.stuckSituations).toEqual(['too-big', 'image-pull']);
    expect(parseSimulateArguments(['--out', 'e', '--stuck', 'all'])?.options.stuckSituations).toBe('all');
  });

  it('starts from a named preset, the other options on top', () => {
    expect(parseSimulateArguments(['--out', 'e', '--preset', 'stuck-situations', '--jobs', '5'])?.options).toEqual({
      ...WORKLOAD_PRESETS['stuck-situations'],
      jobs: 5,
      keepFinishedJobs: false,
    });
  });

  it('starts from a preset’s options, which the other options override', () => {
    expect(parseSimulateArguments(['--out', 'e.jsonl', '--preset', 'spot-reclaims', '--seed', '9'])?.options).toEqual({
      ...WORKLOAD_PRESETS['spot-reclaims'],
      seed: 9,
      keepFinishedJobs: false,
    });
  });

  it('rejects a preset it does not know, listing those it does', () => {
    expect(() => parseSimulateArguments(['--out', 'e', '--preset', 'spot'])).toThrow(
      new UsageError(`--preset: expected one of ${Object.keys(WORKLOAD_PRESETS).join(', ')}, found "spot"`),
    );
  });

  it('returns nothing when help is asked for', () => {
    expect(parseSimulateArguments(['--help'])).toBeUndefined();
  });

  it.each([
    [['--jobs', '10'], '--out: expected the JSON Lines file to write, found nothing'],
    [['--out', 'e', '--jobs', 'ten'], '--jobs: expected a positive integer, found "ten"'],
    [['--out', 'e', '--jobs', '0'], '--jobs: expected a positive integer, found "0"'],
    [['--out', 'e', '--seed', '1.5'], '--seed: expected an integer, found "1.5"'],
    [['--out', 'e', '--duplicates', '5%'], '--duplicates: expected a number from 0 to 1 (e.g. 0.05), found "5%"'],
    [['--out', 'e', '--reorder', '2'], '--reorder: expected a number from 0 to 1 (e.g. 0.05), found "2"'],
    [['--out', 'e', '--start', 'yesterday'], '--start: expected an ISO 8601 date-time such as 2024-05-01T08:00:00Z, found "yesterday"'],
    [['--out', 'e', '--stuck', 'slow'], `--stuck: expected all, or a comma-separated list of ${STUCK_SITUATIONS.join(', ')}, found "slow"`],
    [['--out', 'e', '--preset', 'busy'], `--preset: expected one of ${Object.keys(WORKLOAD_PRESETS).join(', ')}, found "busy"`],
  ])('rejects %j, naming the option and what it expects', (args, message) => {
    expect(() => parseSimulateArguments(args)).toThrow(new UsageError(message));
  });

  it('rejects an unknown option, naming it', () => {
    expect(() => parseSimulateArguments(['--out', 'e', '--jbos', '3'])).toThrow(/^Unknown option '--jbos'/);
  });
});
