import type { BacktestReport, PlaybookBacktest } from '../../../src/backtest/backtest-report';
import { renderBacktestPage } from '../../../src/http/ui/render-backtest-page';
import type { UiPageContext } from '../../../src/http/ui/ui-page-context';

const ctx: UiPageContext = { viewer: { name: 'vera', role: 'viewer', via: 'session', csrfSubject: 's' }, csrf: 'c', root: '../../', assets: { script: 's.js', stylesheet: 's.css' } };

const row = (over: Partial<PlaybookBacktest> = {}): PlaybookBacktest => ({
  playbook: 'clean-disk',
  mode: 'auto',
  alertsMatched: 12,
  incidentsMatched: 5,
  wouldStart: 7,
  held: { cooldown: 2, budget: 0 },
  lockWaits: 1,
  invalidParams: 0,
  alreadyRan: 1,
  targets: { count: 3, sample: ['node-1', 'node-2'] },
  actual: { runs: 6, started: 4, held: {}, byStatus: { succeeded: 4 } },
  difference: 3,
  ...over,
});

const report = (over: Partial<BacktestReport> = {}): BacktestReport => ({
  window: { since: '2026-11-28T10:00:00.000Z', until: '2026-12-05T10:00:00.000Z' },
  deliveries: 40,
  alerts: 55,
  unreadable: 0,
  truncated: false,
  controls: { killSwitch: false, paused: [] },
  runDurationMs: 0,
  playbooks: [row()],
  elapsedMs: 12,
  ...over,
});

describe('renderBacktestPage', () => {
  it('shows the report as a table with the CLI columns, held counts by guardrail and a signed difference', () => {
    const page = renderBacktestPage(ctx, 'clean-disk', report()).value;
    expect(page).toContain('<td data-col="would-run">7</td>');
    expect(page).toContain('<td data-col="held">cooldown 2, waited for lock 1</td>');
    expect(page).toContain('<td data-col="ran">4</td>');
    expect(page).toContain('<td data-col="diff">+3</td>');
    expect(page).toContain('title="node-1, node-2">3</td>');
    expect(page).toContain('<strong>40</strong> deliveries');
    expect(page).not.toContain('delivery cap');
    expect(page).toContain('href="../../playbooks"');
  });

  it('says when the replay was cut short, the kill switch is on, and escapes names', () => {
    const page = renderBacktestPage(ctx, '<b>x</b>', report({ truncated: true, unreadable: 2, controls: { killSwitch: true, paused: ['a'] }, playbooks: [row({ playbook: '<b>x</b>', difference: -2, held: {}, lockWaits: 0 })] })).value;
    expect(page).toContain('stopped at the delivery cap');
    expect(page).toContain('2 not replayable');
    expect(page).toContain('KILL SWITCH ON, paused: a');
    expect(page).toContain('<td data-col="diff">-2</td>');
    expect(page).toContain('<td data-col="held">–</td>');
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
