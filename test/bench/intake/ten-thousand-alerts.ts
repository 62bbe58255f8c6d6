import { makeAlertmanagerBodies } from '../alertmanager-bodies';
import { round } from '../round';
import type { QuietMendbot } from '../start-quiet-mendbot';
import { ackTracker } from './ack-tracker';
import { allocateSeqs } from './allocate-seqs';
import { countIncidents } from './count-incidents';
import { intakeSettings } from './intake-settings';
import { log } from './log';
import { postAll } from './post-all';
import { verifyGroups } from './verify-groups';

export interface TenKFigures {
  label: string;
  groups: number;
  alertsPerGroup: number;
  concurrency: number;
  incidentsBefore: number;
  acknowledged: number;
  ms: number;
  alertsPerSec: number;
  verified: boolean;
  problems: string[];
  redelivery: { acknowledged: number; ms: number; verified: boolean; problems: string[] };
}

/** (c): 200 distinct 50-alert groups, 20 in flight; checked through the API; then all re-delivered. */
export async function tenThousandAlerts(mendbot: QuietMendbot, label: string): Promise<TenKFigures> {
  const incidentsBefore = await countIncidents(mendbot.url);
  log(`${label}: 200 × 50 distinct alerts, 20 in flight (${incidentsBefore} incidents already stored)`);
  const groups = makeAlertmanagerBodies(intakeSettings.runId, allocateSeqs(200), 200, 'storm').map((b) => ackTracker.handOut(b));
  const first = await postAll(mendbot.url, groups, 20);
  const firstOk = first.results.filter((r) => r.status >= 200 && r.status < 300).length;
  const firstProblems = await verifyGroups(mendbot.url, groups, 1);
  log(`  ${firstOk}/200 acknowledged in ${round(first.ms, 1)} ms; API check: ${firstProblems.length === 0 ? 'ok' : firstProblems.slice(0, 5).join('; ')}`);
  const again = await postAll(mendbot.url, groups, 20);
  const againOk = again.results.filter((r) => r.status >= 200 && r.status < 300).length;
  const againProblems = await verifyGroups(mendbot.url, groups, 2);
  log(`  re-delivery: ${againOk}/200 acknowledged in ${round(again.ms, 1)} ms; API check: ${againProblems.length === 0 ? 'ok' : againProblems.slice(0, 5).join('; ')}`);
  const alertsPerGroup = groups[0]!.alerts.length;
  return {
    label,
    groups: groups.length,
    alertsPerGroup,
    concurrency: 20,
    incidentsBefore,
    acknowledged: firstOk,
    ms: round(first.ms, 1),
    alertsPerSec: round((firstOk * alertsPerGroup) / (first.ms / 1000), 0),
    verified: firstProblems.length === 0,
    problems: firstProblems.slice(0, 20),
    redelivery: { acknowledged: againOk, ms: round(again.ms, 1), verified: againProblems.length === 0, problems: againProblems.slice(0, 20) },
  };
}
