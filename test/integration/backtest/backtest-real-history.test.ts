import { createBacktester } from '../../../src/backtest/create-backtester';
import type { BacktestReport, PlaybookBacktest } from '../../../src/backtest/backtest-report';
import { backtestCommand } from '../../../src/cli/backtest-command';
import { runCli } from '../../../src/cli/run-cli';
import type { LoadedPlaybook } from '../../../src/core/playbooks/playbook';
import { deliveryParsers } from '../../../src/wiring/delivery-parsers';
import { playbookFromYaml } from '../../helpers/start-engine';
import { diskYaml, makeHistory, rollbackYaml, type History } from './backtest-history';

// One history for the file: filling it through the real server and engine is the slow part.
let h: History;
beforeAll(async () => {
  h = await makeHistory();
}, 60_000);
afterAll(() => h.close());

const window = { since: '1h', until: undefined };
const backtest = (playbooks: LoadedPlaybook[], request: { playbooks?: string[]; runDurationMs?: number } = {}) =>
  createBacktester({ store: h.app.store, parsers: deliveryParsers, playbooks: () => playbooks, now: () => new Date(Date.now() + 60_000) }).run({ ...window, ...request });
const of = (report: BacktestReport, name: string): PlaybookBacktest => report.playbooks.find((p) => p.playbook === name)!;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // Through the dispatcher, as `mendbot backtest …` runs it (it answers `--help` for every command).
  const code = await runCli(['backtest', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, cwd: h.playbooksDir }, [backtestCommand]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('backtest on a store filled by the real webhook path', () => {
  it('with the playbooks unchanged, would start exactly the runs the engine started, per playbook', async () => {
    const stored = await h.app.store.listRuns({ limit: 100 });
    const ran = (name: string) => stored.filter((r) => r.playbook === name && r.startedAt !== null).length;
    expect([ran('rollback'), ran('clean-disk')]).toEqual([6, 3]);

    const report = await backtest([playbookFromYaml(rollbackYaml(h.target.url)), playbookFromYaml(diskYaml(h.target.url))]);
    expect(report).toMatchObject({ deliveries: 10, alerts: 11, unreadable: 0, truncated: false });
    expect(of(report, 'rollback')).toMatchObject({ incidentsMatched: 6, wouldStart: ran('rollback'), difference: 0, invalidParams: 0, actual: { runs: 6, started: 6 } });
    expect(of(report, 'rollback').targets.count).toBe(6);
    expect(of(report, 'rollback').targets.sample).toContain('rollback:checkout');
    expect(of(report, 'clean-disk')).toMatchObject({ incidentsMatched: 2, wouldStart: ran('clean-disk'), difference: 0, actual: { runs: 3, started: 3 } });
    for (const p of report.playbooks) expect(Object.values(p.held).every((n) => n === 0)).toBe(true);
  });

  it('with a budget added to the playbook afterwards, counts the runs the budget would have held', async () => {
    const budgeted = playbookFromYaml(rollbackYaml(h.target.url, 'limits: { maxRunsPerHour: 2 }'));
    const report = await backtest([budgeted], { playbooks: ['rollback'] });
    expect(report.playbooks.map((p) => p.playbook)).toEqual(['rollback']);
    expect(of(report, 'rollback')).toMatchObject({ wouldStart: 2, held: { budget: 4 }, actual: { started: 6 }, difference: -4 });
  });

  it('with a cooldown, holds nothing here (each incident its own correlation ID); with a shared lock and a run duration, waits', async () => {
    const cooled = await backtest([playbookFromYaml(rollbackYaml(h.target.url, 'limits: { cooldown: 1h }'))]);
    expect(of(cooled, 'rollback')).toMatchObject({ wouldStart: 6, held: { cooldown: 0 } });
    const shared = playbookFromYaml(rollbackYaml(h.target.url).replace('lock: "{{ params.service }}"', 'lock: "prod"\nlock_policy: skip'));
    const skipped = await backtest([shared], { runDurationMs: 3_600_000 });
    expect(of(skipped, 'rollback')).toMatchObject({ wouldStart: 1, held: { locked: 5 }, targets: { count: 1, sample: ['rollback:prod'] } });
  });

  it('mendbot backtest --format json reads the SQLite file read-only beside the running server and says the same', async () => {
    const res = await cli(['--data-dir', h.app.dataDir, '--playbooks', h.playbooksDir, '--since', '1h', '--format', 'json']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.out) as BacktestReport;
    expect(report.deliveries).toBe(10);
    expect(of(report, 'rollback')).toMatchObject({ wouldStart: 6, difference: 0 });
    expect(of(report, 'clean-disk')).toMatchObject({ wouldStart: 3, difference: 0 });
  });

  it('prints a table by default, one row per playbook asked for', async () => {
    h.writePlaybooks({ 'rollback.yaml': rollbackYaml(h.target.url, 'limits: { maxRunsPerHour: 2 }'), 'clean-disk.yaml': diskYaml(h.target.url) });
    const res = await cli(['--data-dir', h.app.dataDir, '--playbooks', '.', '--since', '1h', '--playbook', 'rollback']);
    expect(res.code).toBe(0);
    const lines = res.out.split('\n');
    expect(lines.find((l) => l.startsWith('PLAYBOOK'))).toMatch(/WOULD RUN\s+HELD/);
    const row = lines.find((l) => l.startsWith('rollback '))!;
    expect(row.split(/\s{2,}/)).toEqual(['rollback', 'auto', '6', '6', '2', 'budget 4', '0', '0', '2', '6', '-4']);
    expect(lines.some((l) => l.startsWith('clean-disk '))).toBe(false);
    expect(lines[0]).toMatch(/10 deliveries, 11 alerts/);
  });

  it('refuses an unknown playbook, a bad window and a bad option with exit 64; a missing store with exit 1', async () => {
    expect(await cli(['--data-dir', h.app.dataDir, '--playbook', 'nope'])).toMatchObject({ code: 64, err: expect.stringContaining('no playbook "nope"') });
    expect(await cli(['--data-dir', h.app.dataDir, '--since', 'yesterday'])).toMatchObject({ code: 64, err: expect.stringContaining('since: "yesterday" is neither') });
    expect(await cli(['--format', 'xml'])).toMatchObject({ code: 64, err: expect.stringContaining('--format must be table or json') });
    expect(await cli(['--data-dir', `${h.app.dataDir}/missing`])).toMatchObject({ code: 1, err: expect.stringContaining('no mendbot store') });
    expect((await cli(['--help'])).out).toContain('--run-duration');
  });
});
