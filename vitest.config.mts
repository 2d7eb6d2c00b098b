import { defineConfig } from 'vitest/config';

// Tests run against the compiled dist/ (npm test builds first): hooks and CLIs are exercised
// as the real child processes users run, not as imported functions.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // 2 cores: more workers only add contention to the process-heavy suites.
    maxWorkers: 2,
    env: { TZ: 'UTC', NO_COLOR: '1' },
  },
});
