// Which public objects the team build writes to DIR/marts/, and by which day (fast, no I/O).
import { describe, expect, it } from 'vitest';
import { LAKE_MARTS, MART_DAYS } from '../../ingest/lake/marts';
import { PUBLIC_OBJECTS } from '../../warehouse/public-objects';

describe('the marts', () => {
  it('are every public object but the raw tables, each placed by day or as one file', () => {
    const objects = PUBLIC_OBJECTS.filter((o) => !o.name.startsWith('raw_'));
    expect(LAKE_MARTS.map((m) => m.name)).toEqual(objects.map((o) => o.name));
    expect(objects.filter((o) => !(o.name in MART_DAYS)).map((o) => o.name), 'public objects with no place in ingest/lake/marts.ts MART_DAYS').toEqual([]);
    expect(Object.keys(MART_DAYS).filter((n) => !objects.some((o) => o.name === n)), 'MART_DAYS names that are not public objects').toEqual([]);
  });

  it('partition by a column the object has', () => {
    for (const m of LAKE_MARTS) {
      if (m.day) expect(PUBLIC_OBJECTS.find((o) => o.name === m.name)!.columns, m.name).toContain(m.day);
    }
  });
});
