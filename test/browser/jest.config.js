/** Browser tests: the real service on a real PostgreSQL, driven through Debian's Chromium (`npm run test:browser`). */
const root = `${__dirname}/../..`;

module.exports = {
  displayName: 'browser',
  rootDir: root,
  moduleFileExtensions: ['js', 'json', 'ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
