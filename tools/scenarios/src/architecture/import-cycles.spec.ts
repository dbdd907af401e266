import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { lintProbes, REPOSITORY } from './lint-probes';

// Inside a project, modules form layers too: the simulator's state model at the bottom, the context
// interface above it, the behaviour modules above that, and the Simulation class that wires them on
// top. `import-x/no-cycle` (eslint.config.mjs) refuses an import that closes a cycle of runtime
// imports; type-only imports vanish at runtime and the rule does not follow them, so this spec also
// walks every project's imports, types included, and expects no cycle at all.

const RULE = 'import-x/no-cycle';
const SIMULATOR = path.join(REPOSITORY, 'tools/simulator/src');

describe('import cycles inside a project', () => {
  it('are refused by lint: the attempts calling the job lifecycle directly again close a cycle', () => {
    const file = path.join(SIMULATOR, 'jobs/attempts.ts');
    const source = readFileSync(file, 'utf8');
    const [asItIs, withCycle] = lintProbes([
      { file, code: source, rules: [RULE] },
      // job-lifecycle.ts imports attempts.ts: importing it back is the cycle the context interface removed.
      { file, code: `import { attemptEnded } from './job-lifecycle';\nexport const closesACycle = attemptEnded;\n${source}`, rules: [RULE] },
    ]);
    expect(asItIs?.messages).toEqual([]);
    expect(withCycle?.messages.map((message) => message.ruleId)).toEqual([RULE]);
  });

  /** The project's source files (specs excluded: nothing imports them). */
  function sourcesOf(root: string): string[] {
    return readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => path.join(root, file));
  }

  /** The project files a module imports or re-exports from, type-only imports included. */
  function importsOf(file: string): string[] {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .flatMap((specifier) => {
        const target = path.resolve(path.dirname(file), specifier);
        const found = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => existsSync(candidate));
        return found === undefined ? [] : [found];
      });
  }

  /** A cycle of imports among `files` (`importsOf` gives each file's imports), as the files around it, or undefined. */
  function findCycle(files: readonly string[], importsOf: (file: string) => readonly string[]): string[] | undefined {
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): string[] | undefined => {
      if (state.get(file) === 'done') return undefined;
      if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file];
      state.set(file, 'open');
      stack.push(file);
      for (const imported of importsOf(file)) {
        const cycle = visit(imported);
        if (cycle !== undefined) return cycle;
      }
      stack.pop();
      state.set(file, 'done');
      return undefined;
    };
    for (const file of files) {
      const cycle = visit(file);
      if (cycle !== undefined) return cycle;
    }
    return undefined;
  }

  const projectRoots = ['libs', 'apps', 'tools'].flatMap((group) =>
    readdirSync(path.join(REPOSITORY, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(REPOSITORY, group, entry.name, 'project.json')))
      .map((entry) => `${group}/${entry.name}`),
  );

  it.each(projectRoots)('are absent from %s, type-only imports included', (root) => {
    const cycle = findCycle(sourcesOf(path.join(REPOSITORY, root, 'src')), importsOf);
    expect(cycle?.map((file) => path.relative(REPOSITORY, file))).toBeUndefined();
  });

  it('are found by this walk when modules import one another around a loop', () => {
    const graph: Record<string, readonly string[]> = { state: ['arns'], compute: ['state', 'jobs'], jobs: ['compute'], arns: [] };
    expect(findCycle(['state', 'compute'], (file) => graph[file] ?? [])).toEqual(['compute', 'jobs', 'compute']);
    expect(findCycle(['state'], (file) => graph[file] ?? [])).toBeUndefined();
  });
});
