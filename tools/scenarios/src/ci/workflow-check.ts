import { convertWorkflowTemplate, isBoolean, isMapping, isNumber, isSequence, isString, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';

/** What GitHub's own workflow parser makes of a workflow file. */
export interface WorkflowCheck {
  /** Each problem as the parser words it (`ci.yml (Line: 5, Col: 5): Unexpected value 'stepz'`); empty when valid. */
  readonly errors: readonly string[];
  /** The workflow as plain data (mappings, sequences, strings, numbers, booleans; expressions as their text). */
  readonly document: unknown;
}

/**
 * Checks a GitHub Actions workflow with @actions/workflow-parser, the parser GitHub's Actions
 * language service and VS Code extension use: its YAML against GitHub's workflow schema, then the
 * conversion to a workflow (jobs, needs, expressions, cron), which reports what the schema alone
 * cannot.
 *
 * @example
 * const { errors } = await checkWorkflow('ci.yml', readFileSync('.github/workflows/ci.yml', 'utf8'));
 */
export async function checkWorkflow(name: string, content: string): Promise<WorkflowCheck> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value === undefined) return { errors, document: undefined };
  const converted = await convertWorkflowTemplate(parsed.context, parsed.value);
  return { errors: [...errors, ...(converted.errors ?? []).map((error) => error.Message)].filter((message, i, all) => all.indexOf(message) === i), document: plain(parsed.value) };
}

function plain(token: TemplateToken): unknown {
  if (isMapping(token)) return Object.fromEntries([...token].map((pair) => [pair.key.toString(), plain(pair.value)]));
  if (isSequence(token)) return [...token].map(plain);
  if (isString(token) || isNumber(token) || isBoolean(token)) return token.value;
  return token.toString();
}
