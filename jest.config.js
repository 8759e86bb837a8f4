/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only; `tsc --noEmit` in `npm test` is the type check.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.js',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  // Jest's default is one worker fewer than the cores, which on a 2-core machine means one: the suite
  // then runs file after file. The work is CPU-bound, so use every core.
  maxWorkers: '100%',
  // Workers as threads of one process rather than child processes: about a tenth less CPU on this
  // suite (jest alone 31 s against 34 s, 52 s of CPU against 59 s). A test can then not change the
  // working directory (process.chdir throws in a thread); the one that needs another runs a child
  // process.
  workerThreads: true,
  moduleFileExtensions: ['ts', 'js', 'json'],
};
