module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'tools',
  rootDir: __dirname,
  // Scenario suites synthesize the stack and start dynalite: generous under a loaded CI machine.
  testTimeout: 30000,
  // Jest's default is one worker less than the cores, which on a 2-core machine runs every suite in
  // band, one after the other, on one core. The scenario, contract and ground-truth suites are
  // independent processes' worth of work (each its own emulators): one worker per core.
  maxWorkers: '100%',
};
