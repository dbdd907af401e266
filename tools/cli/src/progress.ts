import { SingleBar } from 'cli-progress';

/** Progress of a long run, on a terminal as a bar, elsewhere as a plain line now and then. */
export interface Progress {
  /** `done` items so far; `fraction` of the whole (0..1) when known. */
  update(done: number, fraction?: number): void;
  /** Ends the bar (or prints a last line). */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is counted, e.g. `events`. */
  readonly unit: string;
  /** Where progress goes. @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
  /** Seconds between plain progress lines when the stream is not a terminal. @default 5 */
  readonly lineEverySeconds?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * A progress reporter: cli-progress' bar when the stream is a terminal (so it redraws in place),
 * plain lines (`replay: 120000 events, 45%, 8500 events/s`) at most every few seconds otherwise —
 * CI logs and pipes get readable lines, not escape codes.
 */
export function createProgress(label: string, options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const rate = (done: number): number => Math.round(done / Math.max(0.001, (now() - started) / 1000));
  if (stream.isTTY === true) {
    const bar = new SingleBar({
      stream,
      format: `${label} [{bar}] {percentage}% | {done} ${options.unit} | {rate} ${options.unit}/s`,
      hideCursor: true,
      clearOnComplete: false,
    });
    bar.start(1000, 0, { done: 0, rate: 0 });
    return {
      update: (done, fraction) => bar.update(Math.round((fraction ?? 0) * 1000), { done, rate: rate(done) }),
      stop: () => bar.stop(),
    };
  }
  const every = (options.lineEverySeconds ?? 5) * 1000;
  let last = started;
  let latest = 0;
  const line = (done: number, fraction?: number): string =>
    `${label}: ${done} ${options.unit}${fraction === undefined ? '' : `, ${Math.round(fraction * 100)}%`}, ${rate(done)} ${options.unit}/s\n`;
  return {
    update(done, fraction) {
      latest = done;
      if (now() - last >= every) {
        last = now();
        stream.write(line(done, fraction));
      }
    },
    stop: () => void stream.write(line(latest, 1)),
  };
}
