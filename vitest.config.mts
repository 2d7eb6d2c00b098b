import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
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
  'test/serve/dashboard-demo.test.ts', // the whole demo (430 hook processes), then a real browser
  'test/**/*.property*.test.ts', // thousands of generated cases
  'test/ingest/soak.test.ts', // 50 concurrent writers for a minute
  'test/ingest/crash.test.ts', // SIGKILL at every crash point, each a fresh process tree
  'test/ingest/journal-large.test.ts', // a 1M-line journal
  'test/state/chaos.test.ts', // agents killed at random
  'test/state/race.test.ts', // 16-process claim races
  'test/state/liveness.test.ts', // waits out real leases around the real hook
  'test/state/mcp-edge.test.ts', // MCP servers as processes, an 11 MiB message
  'test/cli/fast-path.test.ts', // every go/done case through both CLI paths, as processes
  'test/hooks/fixtures.test.ts', // 430 hook processes
  'test/reliability/secrets-to-warehouse.test.ts', // every secret through every door, as processes
  'test/reliability/bad-input-*.test.ts', // the bad-input catalogues: a process (or a server) per row
  'test/hooks/bad-input.test.ts', // the hook door's catalogue: 31 rows, some waiting on a stdin deadline
  'test/warehouse/ccusage-peer.test.ts', // ccusage as a child process
  'test/warehouse/analyst-cli.test.ts', // every report and export as a process
  'test/cli/readme.test.ts', // every README example in a shell
  'test/lake/team.test.ts', // three machines and a team through the real CLI, pushes and ingests SIGKILLed
  'test/lake/marts-atomic.test.ts', // a reader polling the marts through four team builds
  // Measured at 13:12 UTC 2026-12-03 (quiet machine): these CLI- and ingest-process-heavy files took
  // 160 of the fast tier's 370 test-seconds (200 s wall, over the 2-minute budget).
  'test/state/cli.test.ts', // every task command as a process
  'test/analytics/task-graph-models.test.ts', // plans driven through the CLI, then whole ingests
  'test/reliability/bad-warehouse-inputs.test.ts', // the warehouse side's bad-input catalogue, as processes
  'test/ingest/summary-and-pricing.test.ts', // whole ingests as processes, a bad pricing.json
  'test/cli/schedule.test.ts', // each printed install command run against a temp crontab, plist or unit
  'test/warehouse/ground-truth-transcripts.test.ts', // the 11 real runs again, transcripts only
  'test/warehouse/real-corpus.test.ts', // 24 MB of real transcripts and an independent parse
  'test/warehouse/ngram-totals.test.ts', // three ingests and a rebuild (~14 s); incremental-quick covers the totals in the fast tier
  'test/reliability/secrets-doors.test.ts', // 62 secrets through 10 doors, the CLI and a server as processes
  'test/ingest/concurrency.test.ts', // ingests racing each other and the hook, as processes
  'test/hooks/installer.test.ts', // install/uninstall as processes on real settings files
  'test/analytics/e2e-dag-run.test.ts', // a plan run by agent processes, then ingest
  'test/state/protocol.test.ts', // the seed's go/done protocol across agent processes
];

// The state suite again, against PostgreSQL (AGENTDAG_TEST_STORE=postgres: test/state/helpers.ts
// gives every test its own schema on the server test/state/pg-setup.ts provides), with the tests
// only PostgreSQL has (test/state/*.pg.test.ts: several machines on one graph). Part of
// `npm test`, not of the fast tier. Left out, saying why, only when there is no server to use:
// no AGENTDAG_TEST_PG_URL and no PostgreSQL installed; with AGENTDAG_REQUIRE_PG=1 (CI) that fails.
const STATE_PG = [
  'test/state/transitions.test.ts',
  'test/state/promotion.test.ts',
  'test/state/plan.test.ts',
  'test/state/leases.test.ts',
  'test/state/event-types.test.ts',
  'test/state/race.test.ts',
  'test/state/chaos.test.ts',
  'test/state/mcp.test.ts',
  'test/state/protocol.test.ts',
  'test/state/mcp-edge.test.ts',
  'test/state/validation.test.ts',
  'test/state/liveness.test.ts',
];
// (bench/pg-cluster.ts finds and starts it; only its presence is asked here.)
const hasInitdb = () =>
  spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim() !== '' ||
  (fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)));
const noPg = process.env.AGENTDAG_TEST_PG_URL || hasInitdb() ? null : 'PostgreSQL is not installed (no initdb) and AGENTDAG_TEST_PG_URL is not set';
if (noPg) {
  if (process.env.AGENTDAG_REQUIRE_PG === '1') throw new Error(`AGENTDAG_REQUIRE_PG=1 but the PostgreSQL state suite cannot run: ${noPg}`);
  process.stderr.write(`note: the state suite's PostgreSQL run (project state-pg) is left out: ${noPg}\n`);
}

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // 2 cores: more workers only add contention to the process-heavy suites.
    maxWorkers: 2,
    env: { TZ: 'UTC', NO_COLOR: '1' },
    // Every temp folder of the run in one place, removed at its end (test/temp-root.ts).
    globalSetup: ['test/temp-root.ts'],
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [...SLOW, '**/*.pg.test.ts'] } },
      { extends: true, test: { name: 'slow', include: SLOW.map((p) => (p.endsWith('/**') ? `${p}/*.test.ts` : p)) } },
      ...(noPg
        ? []
        : [{ extends: true as const, test: { name: 'state-pg', include: [...STATE_PG, 'test/state/*.pg.test.ts'], env: { TZ: 'UTC', NO_COLOR: '1', AGENTDAG_TEST_STORE: 'postgres' }, globalSetup: ['test/temp-root.ts', 'test/state/pg-setup.ts'] } }]),
    ],
  },
});
