import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store';
import type { Store } from '../../src/store/store';
import { describeStoreContract } from './describe-store-contract';

describeStoreContract('sqlite', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-contract-'));
  let store: Store = createSqliteStore({ dataDir });
  return {
    store,
    async reopen() {
      await store.close();
      store = createSqliteStore({ dataDir });
      return store;
    },
    async cleanup() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
