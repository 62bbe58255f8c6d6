import { round } from '../round';
import type { LoadFigures } from './cannon';
import { intakeSettings } from './intake-settings';
import type { PacedFigures } from './paced-load';
import type { TenKFigures } from './ten-thousand-alerts';
import type { PhaseStorage } from './with-mendbot';

export interface IntakeFigures {
  load: LoadFigures[];
  tenK: { fresh: TenKFigures; aged: TenKFigures };
  fixed: LoadFigures[];
  pacedRuns: PacedFigures[];
  phases: PhaseStorage[];
}

/** mendbot's throughput as a share of bare express's, per scenario, and whether each target was met. */
export function intakeVerdicts({ load, tenK, fixed, pacedRuns, phases }: IntakeFigures) {
  const { targets } = intakeSettings;
  const ratios = load
    .filter((l) => l.server === 'mendbot')
    .map((m) => {
      const b = load.find((l) => l.server === 'bare express' && l.label === m.label)!;
      return { label: m.label, mendbotReqPerSec: m.reqPerSec, bareReqPerSec: b.reqPerSec, ratio: round(m.reqPerSec / b.reqPerSec, 3) };
    });
  const p99Runs = [
    ...pacedRuns.map((p) => ({ label: p.label, p99: p.latencyMs.p99, failed: p.failed })),
    ...fixed.map((f) => ({ label: f.label, p99: f.latencyMs.p99, failed: f.non2xx + f.errors })),
  ];
  const verdicts = {
    throughputRatio: ratios.map((r) => ({ label: r.label, ratio: r.ratio, target: `≥ ${targets.throughputRatio}`, met: r.ratio >= targets.throughputRatio })),
    tenThousandAlerts: [tenK.fresh, tenK.aged].map((t) => ({
      label: t.label,
      ms: t.ms,
      target: `< ${targets.tenThousandAlertsMs} ms`,
      met: t.ms < targets.tenThousandAlertsMs && t.verified && t.acknowledged === t.groups,
    })),
    p99AtThousandAlertsPerSec: p99Runs.map((r) => ({
      ...r,
      target: `< ${targets.p99AtThousandAlertsPerSecMs} ms`,
      met: r.p99 < targets.p99AtThousandAlertsPerSecMs && r.failed === 0,
    })),
    everyAcknowledgedDeliveryStored: phases.every((p) => p.missingAcknowledged === 0 && p.incompleteAcknowledged === 0),
    everyMendbotExitedZero: phases.every((p) => p.mendbotExitCode === 0),
  };
  return { ratios, verdicts };
}
