import type { JoinKeyFacts } from '../../core/incidents/correlate-delivery';
import type { SqliteStatements } from './sqlite-statements';

/** Phase one of a delivery's facts: what its join keys point at. */
export function readSqliteJoinFacts(st: SqliteStatements, joinKeys: string[]): Map<string, JoinKeyFacts> {
  const facts = new Map<string, JoinKeyFacts>();
  for (const key of joinKeys) {
    const row = st.joinKeyFacts.get({ key }) as { published: string | null; has_incident: number };
    facts.set(key, { published: row.published, hasIncident: row.has_incident === 1 });
  }
  return facts;
}
