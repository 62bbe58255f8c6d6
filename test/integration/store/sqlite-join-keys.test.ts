import { migrate } from '../../../src/store/sqlite/migrations';
import { prepareStatements } from '../../../src/store/sqlite/sqlite-statements';
import { useTempSqlite } from '../../helpers/use-temp-sqlite';

/** Publishing a join key: the last correlation ID wins, and publishing the stored pair again writes nothing. */
describe('SQLite join keys', () => {
  const sqlite = useTempSqlite('mendbot-join-keys-');

  it('writes a key once, again only when its correlation ID changes', () => {
    const db = sqlite.db;
    migrate(db, () => '2026-01-01T00:00:00.000Z');
    const st = prepareStatements(db);
    const stored = () => db.prepare('SELECT join_key, correlation_id FROM join_keys ORDER BY join_key').all();

    expect(st.publishJoinKey.run('k1', 'group-1').changes).toBe(1);
    // The same pair again (every repeat delivery of a group): no row changed, so no page to write.
    expect(st.publishJoinKey.run('k1', 'group-1').changes).toBe(0);
    expect(stored()).toEqual([{ join_key: 'k1', correlation_id: 'group-1' }]);

    expect(st.publishJoinKey.run('k1', 'group-2').changes).toBe(1);
    expect(st.publishJoinKey.run('k2', 'group-1').changes).toBe(1);
    expect(stored()).toEqual([
      { join_key: 'k1', correlation_id: 'group-2' },
      { join_key: 'k2', correlation_id: 'group-1' },
    ]);
  });
});
