module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'simulator',
  rootDir: __dirname,
  // A ground-truth suite simulates thousands of jobs: generous under a loaded CI machine (the limit all
  // tools had when they were one project).
  testTimeout: 30000,
  // The ground-truth suites simulate whole workloads, each independent of the others: one worker per
  // core (Jest's default leaves one core idle, which on a 2-core machine runs them one after another).
  maxWorkers: '100%',
};
