import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store';
import { describeStoreContract } from './describe-store-contract';

// A temp directory per test; each `open` is another connection to its mendbot.db (a restart, or a
// second process sharing the file).
describeStoreContract('sqlite', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-contract-'));
  return {
    open: async () => createSqliteStore({ dataDir }),
    async cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
