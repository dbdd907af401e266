module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'local',
  rootDir: __dirname,
  // Suites here start dynalite, synthesize the stack or spawn commands: generous under a loaded CI machine
  // (the limit all tools had when they were one project).
  testTimeout: 30000,
};
