import { defineConfig } from 'vitest/config';

// Two tiers. `npm test` runs both (everything, what CI runs); `npm run test:fast` runs the fast
// tier only (unit, SQL and engine tests: no Claude Code, no browser, no property runs, no soak),
// under 2 minutes on the 2-core VM, for the edit-test loop.
//
// Tests reach the product one way each: in-process through the TypeScript sources (vitest
// transpiles them), as processes through the compiled dist/ that users run (npm test builds it
// first; test/paths.ts names the entry points).
const SLOW = [
  'test/e2e/**', // the real Claude Code CLI against a mock API
  'test/serve/dashboard.test.ts', // a real browser
  'test/serve/session-trace.test.ts', // a real browser
  'test/**/*.property*.test.ts', // thousands of generated cases
  'test/ingest/soak.test.ts', // 50 concurrent writers for a minute
  'test/ingest/crash.test.ts', // SIGKILL at every crash point, each a fresh process tree
  'test/ingest/journal-large.test.ts', // a 1M-line journal
  'test/state/chaos.test.ts', // agents killed at random
  'test/state/race.test.ts', // 16-process claim races
  'test/hooks/fixtures.test.ts', // 430 hook processes
  'test/reliability/secrets-to-warehouse.test.ts', // every secret through every door, as processes
  'test/warehouse/ccusage-peer.test.ts', // ccusage as a child process
  'test/warehouse/analyst-cli.test.ts', // every report and export as a process
  'test/cli/readme.test.ts', // every README example in a shell
  'test/lake/team.test.ts', // three machines and a team through the real CLI, pushes and ingests SIGKILLed
  'test/lake/marts-atomic.test.ts', // a reader polling the marts through four team builds
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // 2 cores: more workers only add contention to the process-heavy suites.
    maxWorkers: 2,
    env: { TZ: 'UTC', NO_COLOR: '1' },
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW.map((p) => (p.endsWith('/**') ? `${p}/*.test.ts` : p)) } },
    ],
  },
});
