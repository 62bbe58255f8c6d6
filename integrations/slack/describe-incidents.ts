import { escapeSlackText } from './escape-slack-text';
import { formatSlackDate } from './format-slack-date';
import type { SlashCommandDeps } from './slash-command-deps';
import { truncateText } from './truncate-text';

const shown = 15;

/** `incidents`: the latest open incidents, newest first. */
export async function describeIncidents(deps: Pick<SlashCommandDeps, 'store'>): Promise<string> {
  const page = await deps.store.listIncidents({ status: 'open', limit: shown });
  if (page.items.length === 0) return 'No open incidents. :sunny:';
  const lines = page.items.map(
    (i) => `• \`${i.id}\` ${escapeSlackText(truncateText(i.title, 120))} — ${i.firingCount}/${i.alertCount} firing, opened ${formatSlackDate(i.openedAt)}`,
  );
  const more = page.hasMore ? `\n_Only the latest ${shown}; the rest: GET /api/incidents?status=open_` : '';
  return `*Open incidents*\n${lines.join('\n')}${more}`;
}
