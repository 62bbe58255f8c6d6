import type { Store } from '../../src/store/store';
import { describeAlertmanagerStateContract } from './contract-alertmanager-state';
import { describeApprovalsContract } from './contract-approvals';
import { describeChatRefsContract } from './contract-chat-refs';
import type { ContractContext, StoreHarness } from './contract-context';
import { describeControlsContract } from './contract-controls';
import { describeGuardrailFactsContract } from './contract-guardrail-facts';
import { describeIncidentReadsContract } from './contract-incident-reads';
import { describeIntakeContract } from './contract-intake';
import { describeIntakeRunsContract } from './contract-intake-runs';
import { describeIntakeSourcesContract } from './contract-intake-sources';
import { describeJobLeasesContract } from './contract-job-leases';
import { describeLifecycleContract } from './contract-lifecycle';
import { describeListDeliveriesContract } from './contract-list-deliveries';
import { describeLocksContract } from './contract-locks';
import { describeManualResolveContract } from './contract-manual-resolve';
import { describePostmortemTriggersContract } from './contract-postmortem-triggers';
import { describePostmortemsContract } from './contract-postmortems';
import { describeRetentionContract } from './contract-retention';
import { describeRunLeasesContract } from './contract-run-leases';
import { describeRunRefusalsContract } from './contract-run-refusals';
import { describeRunsContract } from './contract-runs';
import { describeSilencesContract } from './contract-silences';
import { describeStaleDeliveriesContract } from './contract-stale-deliveries';

export type { StoreHarness } from './contract-context';

/**
 * Closes a store unless a case already did. A closed store refuses pings (that is part of the contract),
 * and closing twice would make the SQLite adapter wait for a checkpointer thread that has already gone.
 */
async function closeIfOpen(store: Store): Promise<void> {
  const open = await store.ping().then(() => true, () => false);
  if (open) await store.close();
}

/**
 * The store contract: every adapter (SQLite, MongoDB) must pass this suite unchanged. Each case states a
 * guarantee through the port (src/store/store.ts) only, on a fresh data set: `freshData` is called once
 * per test and its `open` factory gives the store under test (and, called again, a restart or a second
 * process on the same data).
 */
export function describeStoreContract(adapter: string, freshData: () => Promise<StoreHarness>): void {
  describe(`store contract: ${adapter}`, () => {
    let harness: StoreHarness;
    let current: Store;
    let opened: Store[] = [];
    const open = async () => {
      const store = await harness.open();
      opened.push(store);
      return store;
    };
    const ctx: ContractContext = {
      get store() {
        return current;
      },
      async reopen() {
        await closeIfOpen(current);
        current = await open();
        return current;
      },
      openPeer: open,
    };

    beforeEach(async () => {
      harness = await freshData();
      opened = [];
      current = await open();
    });
    afterEach(async () => {
      for (const store of opened) await closeIfOpen(store);
      await harness.cleanup();
    });

    describeIntakeContract(ctx);
    describeIntakeSourcesContract(ctx);
    describeIncidentReadsContract(ctx);
    describeIntakeRunsContract(ctx);
    describeRunsContract(ctx);
    describeRunLeasesContract(ctx);
    describeGuardrailFactsContract(ctx);
    describeLocksContract(ctx);
    describeApprovalsContract(ctx);
    describeControlsContract(ctx);
    describeChatRefsContract(ctx);
    describeSilencesContract(ctx);
    describePostmortemsContract(ctx);
    describePostmortemTriggersContract(ctx);
    describeJobLeasesContract(ctx);
    describeLifecycleContract(ctx);
    describeStaleDeliveriesContract(ctx);
    describeManualResolveContract(ctx);
    describeRunRefusalsContract(ctx);
    describeRetentionContract(ctx);
    describeListDeliveriesContract(ctx);
    describeAlertmanagerStateContract(ctx);
  });
}
