import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { LintProbe, LintProbeResult } from './lint-probes.cli';

export type { LintProbe, LintProbeResult } from './lint-probes.cli';

/** The repository root: this file is tools/scenarios/src/architecture/lint-probes.ts. */
export const REPOSITORY = path.join(__dirname, '../../../..');

/**
 * Lints each probe's text as the file it names, with the repository's ESLint configuration, in a
 * child process (see lint-probes.cli.ts for why).
 *
 * @example
 * const [result] = lintProbes([{ file: `${REPOSITORY}/tools/emulator/src/probe.ts`, code: "import '@batchmon/metrics';", rules: ['@nx/enforce-module-boundaries'] }]);
 */
export function lintProbes(probes: readonly LintProbe[]): LintProbeResult[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lint-probes.cli.ts')], {
    cwd: REPOSITORY,
    input: JSON.stringify(probes),
    encoding: 'utf8',
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`lint-probes.cli.ts: expected exit 0, found ${run.status ?? run.signal}: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintProbeResult[];
}
