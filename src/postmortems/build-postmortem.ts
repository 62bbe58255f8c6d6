import type { IncidentDetail, TimelineEvent } from '../core/incidents/incident';
import type { Run } from '../core/runs/run';
import type { PostmortemDocument } from '../core/postmortems/tracker';

export interface PostmortemInput {
  detail: IncidentDetail;
  runs: Run[];
  /** Link to the incident's chat thread, when chat is configured. */
  chatLink?: string;
  /** Why the postmortem is being filed now (resolution, failed remediation). */
  reason: string;
  /** Optional Markdown template with {{ section }} placeholders (see defaultPostmortemTemplate). */
  template?: string;
}

const postmortemSections = ['title', 'summary', 'impact', 'figures', 'alerts', 'runs', 'approvals', 'timeline', 'followups', 'chat'] as const;

const defaultPostmortemTemplate = `# {{ title }}

{{ summary }}

## Impact
{{ impact }}

## Key figures
{{ figures }}

## Alerts
{{ alerts }}

## Remediation
{{ runs }}

## Approvals
{{ approvals }}

## Timeline
{{ timeline }}

## Follow-up
{{ followups }}

{{ chat }}
`;

const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`);
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The postmortem is mendbot's own audit trail, arranged for humans: impact window, time to first action
 * and to mitigation, alerts, every run and step, approvals, the full timeline, and a follow-up checklist.
 */
export function buildPostmortem(input: PostmortemInput): PostmortemDocument {
  const { incident, alerts, timeline } = input.detail;
  const start = Date.parse(incident.openedAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : undefined;
  const firstStep = input.runs.flatMap((r) => r.steps).map((s) => s.startedAt).filter((t): t is string => !!t).sort()[0];
  const mitigated = input.runs.filter((r) => r.status === 'succeeded').map((r) => r.finishedAt).filter((t): t is string => !!t).sort()[0];
  const duplicates = timeline.filter((e) => e.type === 'decision' && /^duplicate/.test(e.message)).length;

  const sections: Record<(typeof postmortemSections)[number], string> = {
    title: `Postmortem: ${incident.title} (${incident.id})`,
    summary: [
      `**Status:** ${incident.status}${incident.flapping ? ' (flapping)' : ''} · **Correlation ID:** \`${incident.correlationId}\` · **Sources:** ${incident.sources.join(', ')}`,
      `**Filed because:** ${input.reason}`,
    ].join('\n\n'),
    impact: `From ${incident.openedAt} (first alert) to ${incident.resolvedAt ?? 'not resolved yet'}${end ? ` — ${minutes(end - start)}` : ''}.`,
    figures: [
      `- Time to first action: ${firstStep ? minutes(Date.parse(firstStep) - start) : 'no step ran'}`,
      `- Time to mitigate: ${mitigated ? minutes(Date.parse(mitigated) - start) : 'no remediation succeeded'}`,
      `- Alerts: ${incident.alertCount} · deliveries: ${incident.deliveryCount} (${duplicates} delivery event(s) were duplicates) · state changes: ${incident.stateChanges} · reopened: ${incident.reopenCount}`,
    ].join('\n'),
    alerts: alerts.length
      ? ['| alert | status | first seen | last seen | deliveries |', '| --- | --- | --- | --- | --- |', ...alerts.map((a) =>
          `| ${a.generatorUrl ? `[${cell(a.summary)}](${a.generatorUrl})` : cell(a.summary)} | ${a.status} | ${a.firstSeenAt} | ${a.lastSeenAt} | ${a.deliveryCount} |`)].join('\n')
      : '_No alerts._',
    runs: input.runs.length
      ? input.runs.map((r) => r.status === 'dry_run' ? dryRunSection(r) : [
          `### ${r.playbook} — ${r.status} (${r.mode})`,
          `Run \`${r.id}\`, created ${r.createdAt}${r.finishedAt ? `, finished ${r.finishedAt}` : ''}${r.reason ? `. ${r.reason}` : ''}`,
          '',
          '| step | action | status | attempts | started | finished | error or note |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          ...r.steps.map((s) => `| ${s.id} | ${s.action} | ${s.status} | ${s.attempts} | ${s.startedAt ?? ''} | ${s.finishedAt ?? ''} | ${cell(s.error ?? '')} |`),
        ].join('\n')).join('\n\n')
      : '_No playbook ran._',
    approvals: (() => {
      const decided = input.runs.filter((r) => r.approval);
      return decided.length
        ? decided.map((r) => `- ${r.playbook} (\`${r.id}\`): ${r.approval!.decision ?? 'pending'}${r.approval!.by ? ` by ${r.approval!.by}` : ''}${r.approval!.at ? ` at ${r.approval!.at}` : ''}; requested ${r.approval!.requestedAt} from ${r.approval!.approvers.join(', ')}`).join('\n')
        : '_No approvals were needed._';
    })(),
    timeline: timelineTable(timeline),
    followups: [
      '- [ ] Confirm the root cause and write it here',
      '- [ ] Check the alert thresholds and routing (were these the right alerts, at the right time?)',
      ...input.runs.filter((r) => r.status !== 'succeeded' && r.status !== 'dry_run').map((r) => `- [ ] Review run \`${r.id}\` of ${r.playbook} (${r.status})`),
      ...input.runs.filter((r) => r.status === 'dry_run').map((r) => `- [ ] Decide whether to promote ${r.playbook} out of dry-run (its dry run is above)`),
      '- [ ] Add or adjust a playbook so this is handled automatically next time',
    ].join('\n'),
    chat: input.chatLink ? `Discussion: ${input.chatLink}` : '',
  };
  const template = input.template ?? defaultPostmortemTemplate;
  const body = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in sections ? sections[name as keyof typeof sections] : whole));
  return {
    incidentId: incident.id,
    title: `[mendbot] ${incident.title} (${incident.status})`.slice(0, 250),
    body: `${body.trim()}\n\n<!-- mendbot:incident=${incident.id} -->\n`,
    labels: ['postmortem', 'mendbot'],
  };
}

/**
 * A dry run did nothing, so it is not a remediation that failed or succeeded: the postmortem says what
 * would have run, with the rendered input, and what would have stopped it.
 */
function dryRunSection(r: Run): string {
  const line = (s: Run['steps'][number]) => {
    const what = `\`${s.id}\` (${s.action})`;
    if (s.status === 'skipped') return `- ${what}: skipped (its when: condition was false)`;
    const input = s.input === undefined ? '' : ` with \`${JSON.stringify(s.input).replace(/`/g, "'")}\``;
    return `- ${what}${input}${s.error ? ` — ${s.error}` : ''}`;
  };
  return [
    `### ${r.playbook} — dry run, nothing executed`,
    `Run \`${r.id}\`, created ${r.createdAt}${r.finishedAt ? `, finished ${r.finishedAt}` : ''}${r.reason ? `. ${r.reason}` : ''}`,
    '',
    'Would have run:',
    ...r.steps.filter((s) => s.phase === 'main').map(line),
  ].join('\n');
}

function timelineTable(timeline: TimelineEvent[]): string {
  // Duplicate bookkeeping dominates a storm; the table keeps every other entry.
  const rows = timeline.filter((e) => !(e.type === 'decision' && /^duplicate/.test(e.message)));
  return ['| time | event | what |', '| --- | --- | --- |', ...rows.map((e) => `| ${e.at} | ${e.type} | ${cell(e.message)} |`)].join('\n');
}

/** Names in a user template that are not sections: a start-up error rather than a silent blank. */
export function unknownTemplateSections(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).filter((n) => !(postmortemSections as readonly string[]).includes(n));
}
