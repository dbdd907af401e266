/**
 * @packageDocumentation
 * batchmon running locally: the app's stack, synthesized in memory, on the emulator with the real
 * metrics Lambda at the end ({@link startLocalBatchmon}), and replay, which reads a capture of
 * EventBridge events and sends it through ({@link replay}).
 */
export * from './local-batchmon';
export * from './run-summary';
export { prepareOutDir, replay, replayEvents } from './replay/replay';
export { UnusableOutputError } from './errors';
export type { ReplayEventsOptions, ReplayOptions, ReplayResult, ReplaySummary } from './replay/replay';
export { MAX_EVENT_BYTES, MAX_EVENT_DEPTH, MAX_EVENT_TEXT, CaptureReader, eventEntryBytes, readEvents } from './replay/read-events';
export type { CaptureReaderOptions, ReadEvent } from './replay/read-events';
export { checkCapture, messageOf } from './replay/capture-text';
export { UnreadableCaptureError } from './errors';
export { emptyInputReport, escapeControlCharacters, formatInputProblem, INPUT_PROBLEM_KINDS } from './replay/input-report';
export type { InputProblem, InputProblemKind, InputReport } from './replay/input-report';
