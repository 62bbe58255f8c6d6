import type { Config } from '../config/config';
import { createSqliteStore } from '../store/sqlite/create-sqlite-store';
import type { Store } from '../store/store';

/**
 * MongoDB when MONGODB_URI is set (several replicas share it); otherwise the embedded SQLite file in the data
 * directory. A MongoDB that is down at start-up does not stop the process: /readyz and the webhooks answer
 * 503 until it is reachable. The MongoDB driver is loaded only when it is used (it costs start-up time).
 */
export async function createStoreFromConfig(config: Pick<Config, 'mongodbUri' | 'dataDir' | 'sqliteSynchronous' | 'retention'>): Promise<Store> {
  if (config.mongodbUri === undefined) return createSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
  const { createMongoStore } = await import('../store/mongodb/create-mongo-store');
  // The TTL indexes expire deliveries after the same retention the sweep applies.
  return createMongoStore({ uri: config.mongodbUri, retentionDays: config.retention.deliveriesMs / 86_400_000 });
}
