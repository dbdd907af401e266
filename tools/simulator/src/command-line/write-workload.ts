import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { GroundTruth } from '../ground-truth/ground-truth';
import { simulateWorkloadStream } from '../simulate-workload';
import type { SimulateCommand } from './simulate-arguments';

/** Lines are written in chunks of about this many characters (fewer, larger writes). */
const CHUNK = 64 * 1024;

/** What a written workload amounted to. */
export interface WrittenWorkload {
  readonly truth: GroundTruth;
  /** Wall-clock seconds it took. */
  readonly seconds: number;
}

function* jsonLines(events: Iterable<unknown>): Generator<string> {
  let chunk = '';
  for (const event of events) {
    chunk += JSON.stringify(event) + '\n';
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * Simulates the workload and streams its events to `command.out` as JSON Lines, honouring the
 * file stream's backpressure (the simulation only advances as fast as the disk takes lines), then
 * writes the ground truth if asked.
 *
 * @throws WorkloadOptionsError for invalid options, before anything is written.
 */
export async function writeWorkload(command: SimulateCommand): Promise<WrittenWorkload> {
  const started = process.hrtime.bigint();
  const stream = simulateWorkloadStream(command.options);
  await pipeline(Readable.from(jsonLines(stream)), createWriteStream(command.out));
  const truth = stream.truth;
  if (command.truth !== undefined) await writeFile(command.truth, JSON.stringify(truth, null, 2) + '\n');
  return { truth, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
