// What an incremental build changed so far, so that it keeps the tables it need not refresh.
//
// An incremental build recomputes the sessions in scope in the session- and day-keyed tables, and
// the tables built whole (the task graph's, the price lookups, the marts) and the reports'
// all-history tables over all history. When nothing a table reads changed in this build, its
// refresh would write the same rows again: it still costs a statement or two (~5-35 ms of planning
// even over no rows), the publish's checkpoint rewrites what it wrote, and at 10M events the
// all-history reports alone take ~1 s. So the build keeps such a table as it is. For a session- or
// day-keyed table this holds because the sessions in scope are independent of the others (what
// test/warehouse/incremental.property.test.ts proves): its inputs' rows for them are as the last
// build left them, so are its own.
//
// What counts as changed (always erring towards "changed"):
//   - a table refreshed by session or day: it deleted or inserted a row (DuckDB's count of rows
//     changed; the same rows deleted and inserted again count as a change);
//   - a sums table: the session table it sums over changed;
//   - a table rebuilt whole, or an all-history table rebuilt: changed (not compared);
//   - a view or a report macro: something it reads changed;
//   - parse/'s temp tables: always (made anew in every build);
//   - raw tables: the task graph's (raw_tg_*) when its snapshot differs from the last build's;
//     raw_machine when the machine was named since the last build; any other raw table always
//     (the loaders add their rows by session, which the session-keyed tables carry).
// Prices are part of the build's fingerprint: a change makes a full build, which tracks nothing.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Model } from './model-files';

export class BuildChanges {
  private readonly changed = new Set<string>();
  /** Tables (and all-history tables) this build kept as they were. */
  readonly kept: string[] = [];

  private constructor(private readonly rawChanged: ReadonlySet<string>) {}

  /**
   * For an incremental build: which raw tables read by whole models may differ from what the last
   * build (built at `builtAt`, from task-graph snapshot `lastSnapshot`) read.
   */
  static async since(conn: DuckDBConnection, models: Model[], lastSnapshot: number, snapshot: number, builtAt: string): Promise<BuildChanges> {
    const raw = new Set(models.flatMap((m) => m.readsRaw));
    const renamed = (await conn.runAndReadAll('SELECT count(*) FROM raw_machine WHERE named_at >= CAST($1 AS TIMESTAMP)', [builtAt])).getRowsJS()[0][0];
    const unchanged = (name: string) =>
      (name.startsWith('raw_tg_') && snapshot === lastSnapshot) || (name === 'raw_machine' && Number(renamed) === 0);
    return new BuildChanges(new Set([...raw].filter((name) => !unchanged(name))));
  }

  /** Whether anything `m` reads changed in this build (so far: models are built in order). */
  inputsChanged(m: Model): boolean {
    return m.reads.some((r) => this.changed.has(r)) || m.readsRaw.some((r) => this.rawChanged.has(r));
  }

  /** Record what building `m` did; its all-history table counts as the report itself. */
  record(m: Model, changed: boolean): void {
    if (changed) this.changed.add(m.name);
  }
}
