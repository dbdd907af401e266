module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'tools',
  rootDir: __dirname,
  // Scenario suites synthesize the stack and start dynalite: generous under a loaded CI machine.
  testTimeout: 30000,
};
