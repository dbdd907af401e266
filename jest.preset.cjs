// Shared Jest settings: SWC transpiles TypeScript (type checking is the `typecheck` target's job),
// and the path aliases of tsconfig.base.json resolve to each project's source.
const path = require('node:path');
const fs = require('node:fs');

const root = __dirname;
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(root, target)]),
);
const swcConfig = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/dist/'],
};
