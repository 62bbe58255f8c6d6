import { renderTemplate } from '../engine/render-template';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import { initialSteps, type RunContext, type RunSeed } from '../core/runs/run';

export interface SeedInput {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  commonLabels: Record<string, string>;
  alertKey: string | null;
  /** `alert`, or who asked for a manual run. */
  trigger: string;
  /** Values given explicitly (manual runs); still checked against the playbook's patterns. */
  explicitParams?: Record<string, string>;
}

/**
 * Resolves params and the lock key for a new run. Params are validated against their patterns here,
 * before any step exists to run: a hostile label value (`$(reboot)`, `../..`) fails the run with a reason
 * and never reaches an action.
 */
export function buildRunSeed(loaded: LoadedPlaybook, input: SeedInput): RunSeed {
  const pb = loaded.playbook;
  const base = {
    playbook: pb.name,
    playbookVersion: loaded.version,
    definition: pb,
    // Once per incident or per alert; a `rerun_on_reopen` playbook's scope also gets the incident's reopening,
    // added by the core when it plans the run (scopeForReopening), where the incident's reopen count is known.
    scopeKey: pb.per === 'alert' && input.alertKey ? input.alertKey : 'incident',
    // Only a per-alert run belongs to one alert: that alert resolving cancels it while queued. A per-incident
    // run waits for the incident to resolve, whichever of its alerts happened to trigger it.
    alertKey: pb.per === 'alert' ? input.alertKey : null,
    mode: pb.mode,
    steps: initialSteps(pb),
    trigger: input.trigger,
  };
  const params: Record<string, string> = {};
  const problems: string[] = [];
  const sources: Record<string, Record<string, string>> = {
    labels: input.labels,
    annotations: input.annotations,
    commonLabels: input.commonLabels,
  };
  for (const [name, spec] of Object.entries(pb.params)) {
    const [bag, key] = splitOnce(spec.from);
    const fromSource = bag !== undefined && key !== undefined && Object.hasOwn(sources, bag) && Object.hasOwn(sources[bag]!, key) ? sources[bag]![key] : undefined;
    const value = input.explicitParams?.[name] ?? fromSource ?? spec.default;
    if (value === undefined) {
      problems.push(`param ${name}: ${spec.from} is missing`);
    } else if (!new RegExp(`^(?:${spec.pattern})$`).test(value)) {
      problems.push(`param ${name}: value ${JSON.stringify(value)} does not match ${spec.pattern}`);
    } else {
      params[name] = value;
    }
  }
  const context: RunContext = { labels: input.labels, annotations: input.annotations, commonLabels: input.commonLabels, params };
  let lockKey: string | null = null;
  if (problems.length === 0 && pb.lock !== undefined) {
    try {
      lockKey = `${pb.name}:${String(renderTemplate(pb.lock, { ...context, steps: {}, incident: { id: '', correlationId: '' }, run: { id: '' } }))}`;
    } catch (error) {
      problems.push(`lock: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    return { ...base, status: 'failed', reason: `invalid params, nothing ran: ${problems.join('; ')}`, context, lockKey: null };
  }
  return { ...base, status: 'pending', reason: null, context, lockKey };
}

function splitOnce(path: string): [string | undefined, string | undefined] {
  const i = path.indexOf('.');
  return i < 0 ? [undefined, undefined] : [path.slice(0, i), path.slice(i + 1)];
}
