/** Unit tests beside the code, e2e tests against a real PostgreSQL; `npm test` runs both. */
const transform = { '^.+\\.ts$': ['ts-jest', {}] };
const common = { moduleFileExtensions: ['js', 'json', 'ts'], rootDir: __dirname, testEnvironment: 'node', transform };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
};
