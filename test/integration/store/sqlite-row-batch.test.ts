import type { AlertWrite } from '../../../src/core/incidents/delivery-change';
import { migrate } from '../../../src/store/sqlite/migrations';
import { prepareRowInserts, SqliteRowBatch } from '../../../src/store/sqlite/sqlite-row-batch';
import { useTempSqlite } from '../../helpers/use-temp-sqlite';

/** Multi-row INSERTs bind a column once when every row of the statement has the same value in it. */
describe('SQLite row batch', () => {
  const now = '2026-01-01T00:00:00.000Z';
  const sqlite = useTempSqlite('mendbot-row-batch-');

  function setUp(incidents: string[]) {
    const db = sqlite.db;
    migrate(db, () => now);
    const incident = db.prepare(`INSERT INTO incidents (id, correlation_id, status, title, opened_at, last_seen_at, sources) VALUES (?, ?, 'open', 't', ?, ?, '[]')`);
    for (const id of incidents) incident.run(id, `c-${id}`, now, now);
    const inserts = prepareRowInserts(db);
    return { db, inserts, batch: new SqliteRowBatch(inserts) };
  }

  const alert = (i: number, over: Partial<AlertWrite> = {}): AlertWrite =>
    ({
      key: `am:${String(i).padStart(16, '0')}@2026-01-01T00:00:00Z`,
      source: 'alertmanager',
      fingerprint: String(i).padStart(16, '0'),
      status: 'firing',
      labels: {},
      annotations: {},
      startsAt: '2026-01-01T00:00:00Z',
      summary: 'the same summary',
      correlationId: 'c',
      ...over,
    }) as AlertWrite;
  const columns = (i: number) => ({ labels: `{"i":"${i}"}`, annotations: '{}', generatorUrl: null, summary: 'the same summary' });

  const stored = (db: ReturnType<typeof setUp>['db']) =>
    db.prepare('SELECT incident_id, key, status, labels, summary, ends_at, first_seen_at FROM alerts ORDER BY rowid').all() as Array<Record<string, unknown>>;

  it('stores each row as given when a column differs only in the last row', () => {
    const { db, batch } = setUp(['inc_1', 'inc_2']);
    for (let i = 0; i < 4; i++) batch.alert('inc_1', alert(i), now, columns(i));
    batch.alert('inc_2', alert(4, { status: 'resolved', endsAt: '2026-01-01T00:05:00Z' }), now, { ...columns(4), summary: 'another' });
    batch.flush();
    const rows = stored(db);
    expect(rows.map((r) => [r.incident_id, r.status, r.summary, r.ends_at])).toEqual([
      ['inc_1', 'firing', 'the same summary', null],
      ['inc_1', 'firing', 'the same summary', null],
      ['inc_1', 'firing', 'the same summary', null],
      ['inc_1', 'firing', 'the same summary', null],
      ['inc_2', 'resolved', 'another', '2026-01-01T00:05:00Z'],
    ]);
    expect(rows.map((r) => r.labels)).toEqual([0, 1, 2, 3, 4].map((i) => `{"i":"${i}"}`));
    expect(rows.every((r) => r.first_seen_at === now)).toBe(true);
  });

  it('binds the shared columns once (named parameters in the statement), each chunk of 64 rows on its own', () => {
    const { db, inserts, batch } = setUp(['inc_1', 'inc_2']);
    const used: string[] = [];
    const prepared = inserts.statement;
    inserts.statement = (...args) => {
      const s = prepared(...args);
      used.push(s.source);
      return s;
    };
    // 70 rows: the first 64 share the incident, the last 6 do not (one belongs to inc_2).
    for (let i = 0; i < 70; i++) batch.alert(i === 68 ? 'inc_2' : 'inc_1', alert(i), now, columns(i));
    batch.flush();
    const rows = stored(db);
    expect(rows.map((r) => r.incident_id)).toEqual(Array.from({ length: 70 }, (_, i) => (i === 68 ? 'inc_2' : 'inc_1')));
    expect(rows.map((r) => r.key)).toEqual(Array.from({ length: 70 }, (_, i) => alert(i).key));
    // Only the key, fingerprint and labels differ from row to row (and the incident in the last chunk).
    const first = '(@p0, ?, @p2, ?, @p4, ?, @p6, @p7, @p8, @p9, @p10, @p11, @p12, 1, @p13)';
    expect(used).toHaveLength(2);
    expect(used[0]!.split(first)).toHaveLength(65);
    expect(used[1]).toContain('(?, ?, @p2, ?, @p4, ?, @p6, @p7, @p8, @p9, @p10, @p11, @p12, 1, @p13)');
  });

  it('writes a single row with plain parameters', () => {
    const { db, inserts, batch } = setUp(['inc_1']);
    batch.alert('inc_1', alert(1), now, columns(1));
    batch.flush();
    expect(stored(db)).toHaveLength(1);
    expect(inserts.statement('alerts', 1).source).not.toContain('@p');
  });
});
