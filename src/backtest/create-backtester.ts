import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { BacktestReport } from './backtest-report';
import { parseBacktestWindow } from './parse-backtest-window';
import { runBacktest, type BacktestDeps } from './run-backtest';

/** Thrown when a playbook asked for is not among the current ones (the CLI's usage error, the API's 404). */
export class UnknownPlaybookError extends Error {
  override readonly name = 'UnknownPlaybookError';
  constructor(readonly playbook: string) {
    super(`no playbook ${JSON.stringify(playbook)}`);
  }
}

interface BacktestRequest {
  since?: string;
  until?: string;
  /** Names of playbooks to replay; all current playbooks when empty or absent. */
  playbooks?: string[];
  runDurationMs?: number;
}

export interface Backtester {
  /** Throws BacktestWindowError for a bad window, UnknownPlaybookError for a name not loaded. */
  run(request: BacktestRequest): Promise<BacktestReport>;
}

interface BacktesterDeps extends Omit<BacktestDeps, 'playbooks'> {
  /** The playbooks in force now (the catalog's list, or a directory read once). */
  playbooks: () => LoadedPlaybook[];
  now: () => Date;
  /** Refuse longer windows (the API: a request must stay bounded). */
  maxWindowMs?: number;
  /** Stop after this many deliveries; the report says `truncated`. */
  maxDeliveries?: number;
}

/** The window and playbook choice of a backtest, checked, then the replay (run-backtest.ts). */
export function createBacktester(deps: BacktesterDeps): Backtester {
  return {
    async run(request) {
      const window = parseBacktestWindow(request, deps.now(), deps.maxWindowMs);
      const all = deps.playbooks();
      const names = request.playbooks ?? [];
      for (const name of names) if (!all.some((p) => p.playbook.name === name)) throw new UnknownPlaybookError(name);
      const playbooks = names.length === 0 ? all : all.filter((p) => names.includes(p.playbook.name));
      return runBacktest(
        { store: deps.store, parsers: deps.parsers, playbooks },
        { ...window, runDurationMs: request.runDurationMs, maxDeliveries: deps.maxDeliveries },
      );
    },
  };
}
