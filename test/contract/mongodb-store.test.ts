import { startMongoWireServer, type MongoWireServer } from '../helpers/mongo-wire/start-mongo-wire-server';
import { describeStoreContract } from './describe-store-contract';
import { mongoHarness } from './mongo-harness';

// In-process wire server: exercises the adapter's code paths, its queries and the `_id`-keyed uniqueness
// it relies on. What it cannot prove (secondary unique indexes, TTL expiry, write concern, replication,
// a real server's concurrency) is listed in docs/store-contract.md; mongodb-store-real-server.test.ts runs this
// same suite against a real MongoDB when MONGODB_URI is set.
describe('mongodb (in-process wire server)', () => {
  let server: MongoWireServer;
  beforeAll(async () => {
    server = await startMongoWireServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  describeStoreContract('mongodb (in-process wire server)', () => mongoHarness(server.uri));
});
