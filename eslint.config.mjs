import nx from '@nx/eslint-plugin';

const depConstraints = [
  { sourceTag: 'scope:event-schemas', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:metrics', onlyDependOnLibsWithTags: ['scope:event-schemas'] },
  { sourceTag: 'scope:correlation', onlyDependOnLibsWithTags: ['scope:event-schemas', 'scope:metrics'] },
  { sourceTag: 'scope:dashboards', onlyDependOnLibsWithTags: ['scope:metrics'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
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
    // The local emulator runs the app's stack, synthesized in memory: tools alone may import it.
    files: ['tools/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, allow: ['@batchmon/infra'], depConstraints }],
    },
  },
];
