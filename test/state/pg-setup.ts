// vitest globalSetup of the `state-pg` project: the PostgreSQL server the state suite runs
// against. AGENTDAG_TEST_PG_URL when set; else a throwaway cluster started here (bench/pg-cluster.ts)
// and stopped after. vitest.config.mts only adds this project when one of the two is possible
// (and fails instead of leaving it out when AGENTDAG_REQUIRE_PG=1).
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startCluster, type Cluster } from '../../bench/pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

let cluster: Cluster | null = null;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.AGENTDAG_TEST_PG_URL;
  if (given) return project.provide('pgUrl', given);
  cluster = await startCluster();
  project.provide('pgUrl', cluster.url);
}

export async function teardown(): Promise<void> {
  cluster?.stop();
  cluster = null;
}
