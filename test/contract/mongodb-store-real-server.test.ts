import { describeStoreContract } from './describe-store-contract';
import { mongoHarness } from './mongo-harness';

/**
 * The same contract against a real MongoDB (docs/store-contract.md says how to start one). Without
 * MONGODB_URI every case is registered under describe.skip, so jest reports each one as skipped (never
 * as passed) under a name that says why.
 */
const realUri = process.env.MONGODB_URI;
if (realUri) {
  describeStoreContract('mongodb (real server)', () => mongoHarness(realUri));
} else {
  describe.skip('mongodb (real server) — skipped: MONGODB_URI is not set', () => {
    describeStoreContract('mongodb (real server)', () => Promise.reject(new Error('MONGODB_URI is not set')));
  });
}
