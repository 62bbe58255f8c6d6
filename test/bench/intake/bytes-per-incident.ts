import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedHistory } from '../history/seed-history';
import { intakeSettings } from './intake-settings';
import { log } from './log';

export interface StorageFigures {
  incidents: number;
  dataDirBytes: number;
  bytesPerIncident: number;
  /** Bytes per incident by table and index (dbstat), largest first: where the bytes go. */
  byObject: Array<{ name: string; bytesPerIncident: number }>;
}

/**
 * Target 6's storage figure: `n` distinct single-alert deliveries recorded through the store port by the
 * history bench's seeding (the same ~2 KB body the load phases send), the WAL checkpointed and truncated,
 * then the whole data directory divided by the incidents it holds.
 */
export async function bytesPerIncident(n = intakeSettings.seedIncidents): Promise<StorageFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-bench-seed-'));
  try {
    log(`storage: seeding ${n} single-alert incidents through the store port`);
    const { incidents, dataDirBytes, bytesPerIncident, byObject } = await seedHistory(dataDir, n);
    return { incidents, dataDirBytes, bytesPerIncident, byObject };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
