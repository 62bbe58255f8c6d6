import { createBacktester, type Backtester } from '../backtest/create-backtester';
import type { Clock } from '../core/clock';
import type { PlaybookCatalog } from '../playbooks/create-playbook-catalog';
import type { Store } from '../store/store';
import { deliveryParsers } from './delivery-parsers';

/** The longest window the API replays, and the most deliveries it reads for one request. */
const maxWindowMs = 90 * 86_400_000;
const maxDeliveries = 200_000;

/**
 * The backtester behind POST /api/playbooks/:name/backtest: the server's own store and playbook catalog,
 * bounded so one request cannot read more than 90 days or 200,000 deliveries (about 60 s of replay on two
 * cores; the report says `truncated` when the cap cut it short).
 */
export function createApiBacktester(deps: { store: Store; catalog: Pick<PlaybookCatalog, 'list'>; clock: Clock }): Backtester {
  return createBacktester({
    store: deps.store,
    parsers: deliveryParsers,
    playbooks: () => deps.catalog.list(),
    now: () => deps.clock.now(),
    maxWindowMs,
    maxDeliveries,
  });
}
