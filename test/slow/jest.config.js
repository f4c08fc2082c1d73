/** Slow fault tests (`npm run test:slow`): the built service as a child process, killed and restarted. Needs `npm run build`. */
module.exports = {
  rootDir: __dirname,
  moduleFileExtensions: ['js', 'json', 'ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testMatch: ['<rootDir>/**/*.slow-spec.ts'],
  setupFiles: ['<rootDir>/../setup-env.ts'],
  globalSetup: '<rootDir>/../global-setup.ts',
  globalTeardown: '<rootDir>/../global-teardown.ts',
  testTimeout: 300000,
  maxWorkers: 1,
};
