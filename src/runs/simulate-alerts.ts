import type { IncomingAlert } from '../core/alerts/alert';
import { renderTemplate } from '../engine/render-template';
import { matchPlaybook } from '../playbooks/match-playbook';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import { buildRunSeed } from './build-run-seed';

/**
 * `mendbot simulate`: which playbooks match each alert and why not, and the steps as they would be
 * rendered. Pure: it reads nothing, stores nothing and executes nothing.
 */
export function simulateAlerts(alerts: IncomingAlert[], playbooks: LoadedPlaybook[], out: (line: string) => void): number {
  let matches = 0;
  for (const alert of alerts) {
    out(`alert ${alert.key} [${alert.status ?? 'activity'}] ${alert.summary}`);
    const common = { ...alert.labels };
    for (const loaded of playbooks) {
      const pb = loaded.playbook;
      const m = matchPlaybook(pb, alert);
      if (!m.matched) {
        out(`  - ${pb.name}: no match (${m.reason})`);
        continue;
      }
      matches++;
      const seed = buildRunSeed(loaded, { labels: alert.labels, annotations: alert.annotations, commonLabels: common, alertKey: alert.key, trigger: 'simulate' });
      out(`  + ${pb.name}: MATCH → run in mode ${pb.mode}${seed.lockKey ? `, lock ${seed.lockKey}` : ''}`);
      if (seed.status === 'failed') {
        out(`    would fail before any step: ${seed.reason ?? ''}`);
        continue;
      }
      const scope = { ...seed.context, steps: {}, incident: { id: '<incident>', correlationId: '<correlation>' }, run: { id: '<run>' } };
      // Every step under its playbook id (the one `steps.<id>.output` and `mendbot validate` use); the
      // recovery steps say when they would run instead of wearing a made-up id.
      const lines = [
        ...pb.steps.map((step) => ({ step, note: '' })),
        ...pb.steps.flatMap((main) => main.compensate.map((step) => ({ step, note: ` (compensates ${main.id} if a later step fails)` }))),
        ...pb.onFailure.map((step) => ({ step, note: ' (on_failure)' })),
      ];
      for (const { step, note } of lines) {
        let rendered: string;
        try {
          rendered = JSON.stringify(renderTemplate(step.with, scope, 'with'));
        } catch (error) {
          rendered = `${JSON.stringify(step.with)}  (not fully renderable yet: ${(error as Error).message})`;
        }
        out(`    ${step.id}${note}: ${step.action} ${rendered}${step.when ? ` when ${step.when}` : ''}`);
      }
    }
  }
  return matches;
}
