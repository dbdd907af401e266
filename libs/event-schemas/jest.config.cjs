module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'event-schemas',
  rootDir: __dirname,
};
