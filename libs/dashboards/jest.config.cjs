module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'dashboards',
  rootDir: __dirname,
};
