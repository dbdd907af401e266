import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lintProbes, REPOSITORY, type LintProbeResult } from './lint-probes';

// The layers of the repository are the `depConstraints` of eslint.config.mjs, enforced by Nx's
// module-boundary rule when `nx run <project>:lint` runs. This spec lints one import line placed in
// each tool project against each other project, with the repository's own configuration, and expects
// the rule to refuse exactly the imports the constraints leave out (computed from the options the
// rule reads for that file, not retyped), and a path that reaches into another project.

const RULE = '@nx/enforce-module-boundaries';

interface Project {
  readonly name: string;
  readonly root: string;
  readonly tags: readonly string[];
  readonly application: boolean;
}
interface BoundaryOptions {
  readonly allow: readonly string[];
  readonly depConstraints: readonly { readonly sourceTag: string; readonly onlyDependOnLibsWithTags: readonly string[] }[];
}

/** Every Nx project of the repository (the folders of libs/, apps/ and tools/ with a project.json). */
const projects: readonly Project[] = ['libs', 'apps', 'tools'].flatMap((group) =>
  readdirSync(path.join(REPOSITORY, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const root = `${group}/${entry.name}`;
      const json = JSON.parse(readFileSync(path.join(REPOSITORY, root, 'project.json'), 'utf8')) as { name: string; tags?: string[]; projectType?: string };
      return { name: json.name, root, tags: json.tags ?? [], application: json.projectType === 'application' };
    }),
);
const tools = projects.filter((project) => project.root.startsWith('tools/'));
const pairs = tools.flatMap((source) => projects.filter((target) => target !== source).map((target) => ({ source, target })));
const probeFile = (project: Project): string => path.join(REPOSITORY, project.root, 'src', 'boundary-probe.ts');
const importOf = (specifier: string): string => `import { value } from '${specifier}';\nexport const probe = value;\n`;

/** Whether the constraints let `source` depend on `target`: every constraint on a source tag must allow one of the target's tags, as Nx reads them. */
function allowedByConstraints(options: BoundaryOptions, source: Project, target: Project): boolean {
  // Nx refuses an application unless it is allowed by name, and a name allowed skips every other check.
  if (options.allow.includes(`@batchmon/${target.name}`)) return true;
  if (target.application) return false;
  return options.depConstraints
    .filter((constraint) => source.tags.includes(constraint.sourceTag))
    .every((constraint) => constraint.onlyDependOnLibsWithTags.some((tag) => target.tags.includes(tag)));
}

function boundaryOptionsOf(result: LintProbeResult): BoundaryOptions {
  const setting = result.options[RULE];
  if (!Array.isArray(setting) || typeof setting[1] !== 'object') throw new Error(`${result.file}: expected ${RULE} with options, found ${JSON.stringify(setting)}`);
  return setting[1] as BoundaryOptions;
}

describe('the module boundaries of the tools', () => {
  let results: LintProbeResult[];
  let relative: LintProbeResult | undefined;

  beforeAll(() => {
    const simulator = tools.find((project) => project.name === 'simulator');
    if (simulator === undefined) throw new Error('tools/: expected a simulator project, found none');
    [relative, ...results] = lintProbes([
      { file: probeFile(simulator), code: importOf('../../emulator/src'), rules: [RULE] },
      ...pairs.map(({ source, target }) => ({ file: probeFile(source), code: importOf(`@batchmon/${target.name}`), rules: [RULE] })),
    ]);
  });

  it('lists the six tool projects, each tagged type:tool and scope:<its name>', () => {
    expect(tools.map((project) => project.name).sort()).toEqual(['cli', 'emulator', 'local', 'previews', 'scenarios', 'simulator']);
    for (const project of tools) expect(project.tags).toEqual(['type:tool', `scope:${project.name}`]);
  });

  it('refuses exactly the imports between projects that depConstraints leave out', () => {
    const refused = (index: number): boolean => (results[index]?.messages.length ?? 0) > 0;
    const actual = pairs.map(({ source, target }, index) => `${source.name} → ${target.name}: ${refused(index) ? 'refused' : 'allowed'}`);
    const expected = pairs.map(({ source, target }, index) => {
      const result = results[index];
      if (result === undefined) throw new Error(`${source.name} → ${target.name}: expected a lint result, found none`);
      return `${source.name} → ${target.name}: ${allowedByConstraints(boundaryOptionsOf(result), source, target) ? 'allowed' : 'refused'}`;
    });
    expect(actual).toEqual(expected);
  });

  it('keeps the emulator free of batchmon and the simulator on event-schemas alone', () => {
    const allowedTargets = (name: string): string[] =>
      pairs.flatMap(({ source, target }, index) => (source.name === name && results[index]?.messages.length === 0 ? [target.name] : []));
    expect(allowedTargets('emulator')).toEqual([]);
    expect(allowedTargets('simulator')).toEqual(['event-schemas']);
  });

  it('refuses a relative path into another project', () => {
    expect(relative?.messages.map((message) => message.ruleId)).toEqual([RULE]);
  });
});
