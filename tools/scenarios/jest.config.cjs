const path = require('node:path');
const { spawnSync } = require('node:child_process');
const preset = require('../../jest.preset.cjs');

// GitHub's workflow parser (@actions/workflow-parser, used by the workflow test) ships only ES
// modules, exported under the `import` condition alone: Jest's CommonJS runtime finds them by path
// and has SWC turn them into CommonJS like the project's own files.
const ACTIONS_PACKAGES = '@actions/(workflow-parser|expressions)';

/**
 * The scenario backend BATCHMON_EMULATOR chooses, when it runs in containers, and whether a
 * container engine answers. Jest needs to know before it starts (to run the stories one at a time,
 * without those that read the embedded emulators), so testcontainers' own check runs here, once
 * per process tree (the answer is kept in the environment the workers inherit).
 */
function containerBackend() {
  const chosen = process.env.BATCHMON_EMULATOR;
  if (chosen !== 'localstack' && chosen !== 'stepfunctions-local') return undefined;
  if (process.env.BATCHMON_CONTAINER_ENGINE === undefined) {
    const check = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'src/backends/container-engine.cli.ts')], { encoding: 'utf8' });
    process.env.BATCHMON_CONTAINER_ENGINE =
      check.status === 0 ? check.stdout.trim() : JSON.stringify({ available: false, reason: `the container engine check failed (${check.stderr.trim() || `exit ${check.status}`})` });
  }
  const status = JSON.parse(process.env.BATCHMON_CONTAINER_ENGINE);
  // Read by the global setup (which prints the one line saying why) and by the scenario kit.
  if (!status.available) process.env.BATCHMON_EMULATOR_SKIPPED = status.reason;
  return { chosen, available: status.available };
}

const backend = containerBackend();
const onContainers = backend !== undefined && backend.available;
const embeddedOnlyStories = require('./src/backends/embedded-only-stories.json');

module.exports = {
  ...preset,
  displayName: 'scenarios',
  rootDir: __dirname,
  // Scenario suites synthesize the stack and start dynalite: generous under a loaded CI machine.
  // On containers each scenario deploys the stack and waits are real: minutes, not seconds.
  testTimeout: onContainers ? 600000 : 30000,
  transform: {
    ...preset.transform,
    [`/node_modules/${ACTIONS_PACKAGES}/.+\\.js$`]: ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' }, module: { type: 'commonjs' }, swcrc: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!${ACTIONS_PACKAGES}/)`],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    [`^${ACTIONS_PACKAGES}$`]: `${__dirname}/../../node_modules/@actions/$1/dist/index.js`,
    [`^${ACTIONS_PACKAGES}/(.+)$`]: `${__dirname}/../../node_modules/@actions/$1/dist/$2.js`,
  },
  globalSetup: '<rootDir>/src/backends/jest-global-setup.ts',
  globalTeardown: '<rootDir>/src/backends/jest-global-teardown.ts',
  // The containers' resources carry the template's names: one scenario at a time, and only the
  // stories that need nothing but what every backend has (the dashboards contract and the CI
  // workflow check read no backend: they run with the embedded suite only).
  // Jest's default is one worker less than the cores, which on a 2-core machine runs every suite in
  // band, one after the other, on one core. The scenario, contract and ground-truth suites are
  // independent processes' worth of work (each its own emulators): one worker per core.
  maxWorkers: '100%',
  ...(onContainers
    ? {
        maxWorkers: 1,
        testPathIgnorePatterns: [
          ...preset.testPathIgnorePatterns,
          '/src/contract/',
          '/src/ci/',
          ...embeddedOnlyStories.map((file) => `/src/${file.replace(/\./g, '\\.')}$`),
        ],
      }
    : {}),
};
