// Lints source text placed at given paths with the repository's ESLint configuration, in a process
// of its own: ESLint loads eslint.config.mjs with a dynamic import(), which Jest's CommonJS runtime
// cannot run. Reads `[{ "file", "code" }]` as JSON on stdin; writes, for each probe, the options of
// the rules asked for as ESLint resolves them for that file and the messages of those rules.
import { ESLint, type Linter } from 'eslint';

/** One text to lint, as if it were the file at `file` (absolute). */
export interface LintProbe {
  readonly file: string;
  readonly code: string;
  readonly rules: readonly string[];
}

/** What ESLint made of one probe. */
export interface LintProbeResult {
  readonly file: string;
  readonly options: Record<string, unknown>;
  readonly messages: readonly { readonly ruleId: string | null; readonly message: string }[];
}

async function lintProbes(probes: readonly LintProbe[]): Promise<LintProbeResult[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const results: LintProbeResult[] = [];
  for (const probe of probes) {
    const config = (await eslint.calculateConfigForFile(probe.file)) as Linter.Config;
    const options = Object.fromEntries(probe.rules.map((rule) => [rule, config.rules?.[rule]]));
    const [result] = await eslint.lintText(probe.code, { filePath: probe.file });
    const messages = (result?.messages ?? []).filter((message) => message.ruleId !== null && probe.rules.includes(message.ruleId));
    results.push({ file: probe.file, options, messages: messages.map(({ ruleId, message }) => ({ ruleId, message })) });
  }
  return results;
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const probes = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LintProbe[];
  process.stdout.write(JSON.stringify(await lintProbes(probes)));
}

main().catch((error: unknown) => {
  process.stderr.write(`lint-probes: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
