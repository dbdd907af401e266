import nx from '@nx/eslint-plugin';

const depConstraints = [
  { sourceTag: 'scope:event-schemas', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:metrics', onlyDependOnLibsWithTags: ['scope:event-schemas'] },
  { sourceTag: 'scope:correlation', onlyDependOnLibsWithTags: ['scope:event-schemas', 'scope:metrics'] },
  { sourceTag: 'scope:dashboards', onlyDependOnLibsWithTags: ['scope:metrics'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  // The tools, bottom to top. The emulator runs any template, so it knows nothing of batchmon; the
  // simulator writes AWS's events, so it knows only their schemas; local is batchmon itself (the
  // stack on the emulator with the real Lambda); previews, scenarios and cli sit on top.
  { sourceTag: 'scope:emulator', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:simulator', onlyDependOnLibsWithTags: ['scope:event-schemas'] },
  { sourceTag: 'scope:local', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'scope:emulator'] },
  { sourceTag: 'scope:previews', onlyDependOnLibsWithTags: ['type:lib', 'scope:emulator', 'scope:simulator', 'scope:local'] },
  { sourceTag: 'scope:scenarios', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'scope:emulator', 'scope:simulator', 'scope:local'] },
  { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'scope:emulator', 'scope:simulator', 'scope:local', 'scope:previews', 'scope:scenarios'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'type:tool'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules', '**/dist', '**/cdk.out', '**/out', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, allow: [], depConstraints }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      // A rethrown error keeps what it caught: `new Error(message, { cause })`.
      'preserve-caught-error': ['error', { requireCatchParameter: true }],
      '@typescript-eslint/no-unused-vars': ['warn', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // batchmon running locally synthesizes the app's stack in memory: the tools whose layer allows the
    // app (type:app in depConstraints) alone may import it. Nx forbids importing an application
    // unless it is allowed by name, and an allowed name skips every other check: the emulator and the
    // simulator are left out so that the rule still stops them.
    files: ['tools/local/**/*.ts', 'tools/scenarios/**/*.ts', 'tools/cli/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, allow: ['@batchmon/infra'], depConstraints }],
    },
  },
];
