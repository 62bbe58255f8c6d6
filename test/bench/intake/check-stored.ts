import Database from 'better-sqlite3';
import fs from 'node:fs';
import { ackTracker } from './ack-tracker';

export type StoredFigures = ReturnType<typeof checkStored>;

/** After the server stopped: every acknowledged body must be an incident with all its alerts. */
export function checkStored(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const byCorrelation = db.prepare('SELECT id FROM incidents WHERE correlation_id = ?');
    const alertsOf = db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE incident_id = ?');
    let missingAcknowledged = 0;
    let incompleteAcknowledged = 0;
    const examples: string[] = [];
    let acknowledgedAlerts = 0;
    for (const { groupKey, alerts } of ackTracker.acknowledged.values()) {
      acknowledgedAlerts += alerts;
      const rows = byCorrelation.all(groupKey) as Array<{ id: string }>;
      if (rows.length === 0) {
        missingAcknowledged++;
        if (examples.length < 10) examples.push(`missing: ${groupKey}`);
        continue;
      }
      const n = rows.reduce((sum, r) => sum + (alertsOf.get(r.id) as { n: number }).n, 0);
      if (n !== alerts) {
        incompleteAcknowledged++;
        if (examples.length < 10) examples.push(`${groupKey}: ${n}/${alerts} alerts`);
      }
    }
    return {
      acknowledgedBodies: ackTracker.acknowledged.size,
      acknowledgedAlerts,
      bodiesHandedOut: ackTracker.handedOut.size,
      incidents: count('SELECT COUNT(*) AS n FROM incidents'),
      alerts: count('SELECT COUNT(*) AS n FROM alerts'),
      deliveries: count('SELECT COUNT(*) AS n FROM deliveries'),
      incidentsWithWrongAlertCount: count(
        'SELECT COUNT(*) AS n FROM incidents i WHERE i.alert_count != (SELECT COUNT(*) FROM alerts a WHERE a.incident_id = i.id)',
      ),
      missingAcknowledged,
      incompleteAcknowledged,
      examples,
      dbBytes: fs.statSync(file).size,
    };
  } finally {
    db.close();
  }
}
