import { escapeSlackText } from './escape-slack-text';
import { formatSlackDate } from './format-slack-date';
import { formatSlackUser } from './format-slack-user';
import type { SlashCommandDeps } from './slash-command-deps';

const countLimit = 500;

/** `status`: the state of automation at a glance. */
export async function describeStatus(deps: Pick<SlashCommandDeps, 'store' | 'clock'>): Promise<string> {
  const { store } = deps;
  const [open, running, waiting, controls, silences] = await Promise.all([
    store.countOpenIncidents(),
    store.listRuns({ statuses: ['running'], limit: countLimit }),
    store.listRuns({ statuses: ['waiting_approval'], limit: countLimit }),
    store.getControls(),
    store.listSilences(deps.clock.now().toISOString()),
  ]);
  const count = (n: number) => (n >= countLimit ? `${countLimit}+` : String(n));
  const entry = (e: { by: string; reason: string; at: string }) => `by ${formatSlackUser(e.by)} at ${formatSlackDate(e.at)}: ${escapeSlackText(e.reason)}`;
  const paused = Object.entries(controls.paused);
  return [
    '*mendbot status*',
    `• Open incidents: ${open}`,
    `• Runs: ${count(running.length)} running, ${count(waiting.length)} waiting for approval`,
    `• Kill switch: ${controls.killSwitch ? `:octagonal_sign: *ON* ${entry(controls.killSwitch)}` : 'off'}`,
    `• Paused playbooks: ${paused.length ? '' : 'none'}`,
    ...paused.map(([name, e]) => `    ◦ *${escapeSlackText(name)}* ${entry(e)}`),
    `• Active silences: ${silences.length ? '' : 'none'}`,
    ...silences.map(
      (s) => `    ◦ \`${s.id}\` \`${escapeSlackText(s.matchers.join(' '))}\` until ${formatSlackDate(s.endsAt)} by ${formatSlackUser(s.createdBy)}: ${escapeSlackText(s.reason)}`,
    ),
  ].join('\n');
}
