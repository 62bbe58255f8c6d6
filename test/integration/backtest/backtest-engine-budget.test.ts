import { createBacktester } from '../../../src/backtest/create-backtester';
import { deliveryParsers } from '../../../src/wiring/delivery-parsers';
import { playbookFromYaml } from '../../helpers/start-engine';
import { diskYaml, makeHistory, rollbackYaml, type History } from './backtest-history';

const budget = 'limits: { maxRunsPerHour: 2 }';

describe('backtest against an engine that really enforced a budget', () => {
  let h: History;
  beforeAll(async () => {
    h = await makeHistory({ rollbackExtra: budget, sideEffects: 5 });
  }, 60_000);
  afterAll(() => h.close());

  it('holds the same runs by budget as the engine did, and starts the same ones', async () => {
    const stored = await h.app.store.listRuns({ limit: 100 });
    const rollback = stored.filter((r) => r.playbook === 'rollback');
    expect(rollback.filter((r) => r.startedAt !== null)).toHaveLength(2);
    expect(rollback.filter((r) => r.status === 'cancelled' && r.reason?.startsWith('budget:'))).toHaveLength(4);

    const report = await createBacktester({
      store: h.app.store,
      parsers: deliveryParsers,
      playbooks: () => [playbookFromYaml(rollbackYaml(h.target.url, budget)), playbookFromYaml(diskYaml(h.target.url))],
      now: () => new Date(Date.now() + 60_000),
    }).run({ since: '1h' });
    const p = report.playbooks.find((x) => x.playbook === 'rollback')!;
    expect(p).toMatchObject({ wouldStart: 2, held: { budget: 4 }, actual: { runs: 6, started: 2, held: { budget: 4 } }, difference: 0 });
    expect(report.playbooks.find((x) => x.playbook === 'clean-disk')).toMatchObject({ wouldStart: 3, actual: { started: 3 }, difference: 0 });
  });
});
