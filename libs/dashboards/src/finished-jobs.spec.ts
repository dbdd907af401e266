import { DIMENSIONS, dimensionSetsFor } from '@batchmon/metrics';
import { FINISHED_JOB_PROPERTIES, failedJobsQuery, slowestJobsQuery } from './finished-jobs';

/** The fields a Logs Insights query lists (its `fields` command), without the built-in `@` fields. */
const listedFields = (lines: readonly string[]): string[] =>
  lines
    .filter((line) => line.startsWith('fields '))
    .flatMap((line) => line.slice('fields '.length).split(','))
    .map((field) => field.trim())
    .filter((field) => !field.startsWith('@'));

const recordDimensions = new Set<string>(dimensionSetsFor('FinishedJobs', 'detailed').flat());
const dimensionNames = new Set<string>(DIMENSIONS);
const properties = new Set<string>(Object.values(FINISHED_JOB_PROPERTIES));

describe.each([
  ['slowest recent jobs', slowestJobsQuery(50)],
  ['recently failed jobs', failedJobsQuery(50)],
])('the %s query', (_name, lines) => {
  it('lists only dimensions the FinishedJobs record carries: other dimension names are empty fields in Logs Insights', () => {
    expect(listedFields(lines).filter((field) => dimensionNames.has(field) && !recordDimensions.has(field))).toEqual([]);
  });

  it('lists every other field under a property name of the record', () => {
    expect(listedFields(lines).filter((field) => !recordDimensions.has(field) && !properties.has(field))).toEqual([]);
  });

  it('reads where the job ran from the record’s properties', () => {
    expect(listedFields(lines)).toEqual(expect.arrayContaining(['computeEnvironment', 'instanceType']));
  });
});
