module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'correlation',
  rootDir: __dirname,
};
