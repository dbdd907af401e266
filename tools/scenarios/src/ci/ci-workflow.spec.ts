import { readFileSync } from 'node:fs';
import path from 'node:path';
import projectJson from '../../project.json';
import { CONTAINER_BACKENDS } from '../backends/backend-name';
import { checkWorkflow } from './workflow-check';

// .github/workflows/ci.yml: the CI a repository using batchmon runs on GitHub. It cannot run here;
// it is checked with GitHub's own workflow parser, and for what it must do.
const WORKFLOW = path.join(__dirname, '../../../../.github/workflows/ci.yml');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly jobs: Record<string, { readonly steps: readonly Step[]; readonly strategy?: { readonly matrix?: Record<string, unknown> } }>;
}

describe('the CI workflow for users', () => {
  let errors: readonly string[];
  let workflow: Workflow;

  beforeAll(async () => {
    const check = await checkWorkflow('ci.yml', readFileSync(WORKFLOW, 'utf8'));
    errors = check.errors;
    workflow = check.document as Workflow;
  });

  const steps = (): Step[] => Object.values(workflow.jobs).flatMap((job) => [...job.steps]);
  const step = (action: string): Step | undefined => steps().find((candidate) => candidate.uses?.startsWith(`${action}@`));

  it('is a valid workflow for GitHub’s parser', () => {
    expect(errors).toEqual([]);
  });

  it('checks out the full history that nx affected compares against', () => {
    // Action inputs are strings to GitHub.
    expect(step('actions/checkout')?.with).toMatchObject({ 'fetch-depth': '0' });
  });

  it('installs from the lock file, sets the base and head with nx-set-shas, and runs nx affected for lint, typecheck and test', () => {
    const runs = steps().map((candidate) => candidate.run ?? '');
    expect(runs).toContain('npm ci --no-audit --no-fund');
    expect(step('nrwl/nx-set-shas')).toBeDefined();
    expect(runs.some((run) => /^npx nx affected -t lint typecheck test\b/.test(run))).toBe(true);
  });

  it('keeps the Nx cache between runs', () => {
    expect(step('actions/cache')?.with).toMatchObject({ path: '.nx/cache' });
  });

  it('runs the scenario suite on every container backend through its Nx target', () => {
    const emulators = Object.values(workflow.jobs).find((job) => job.strategy?.matrix?.['backend'] !== undefined);
    expect(emulators?.strategy?.matrix?.['backend']).toEqual([...CONTAINER_BACKENDS]);
    // The parser turns an interpolated string into the format() expression GitHub evaluates.
    expect(emulators?.steps.map((candidate) => candidate.run)).toContain("${{ format('npx nx run scenarios:test-{0} --outputStyle=static', matrix.backend) }}");
    for (const backend of CONTAINER_BACKENDS) expect(projectJson.targets).toHaveProperty(`test-${backend}`);
  });

  it('would report a workflow GitHub rejects, naming the line', async () => {
    const broken = await checkWorkflow('broken.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: npm test\n');
    expect(broken.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^broken\.yml \(Line: 5, Col: 5\): Unexpected value 'stepz'/)]));
  });
});
