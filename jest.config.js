/**
 * esbuild transpiles each file without type checking (jest.transform.js; `npm test` type-checks the whole tree once
 * with tsc first). Every test file gets its own temporary folder, removed after it; the run fails if anything is left
 * (test/support/jest/).
 */
module.exports = {
  testEnvironment: '<rootDir>/test/support/jest/temp-dir-environment.ts',
  globalSetup: '<rootDir>/test/support/jest/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest/global-teardown.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/jest.transform.js' },
  // Both cores of a 2-core machine (jest's default leaves one idle there and then runs every file in one process):
  // most test time is CPU-bound CDK synthesis and module loading, and the tests are independent.
  maxWorkers: '100%',
  testTimeout: 60000,
};
