import type { App } from '@slack/bolt';
import { z } from 'zod';
import { executeSlashCommand } from './execute-slash-command';
import type { SlashCommandDeps } from './slash-command-deps';

// Slash command fields mendbot reads from Slack's form body; the rest (team, channel, response_url…) are ignored.
const commandSchema = z.object({
  user_id: z.string().min(1),
  text: z.string().default(''),
  channel_id: z.string().optional(),
});

/**
 * The listener is transport only: ack at once (Slack gives 3 s), then answer through response_url, which
 * stays valid for 30 minutes, so a slow store read cannot make Slack show "operation_timeout".
 */
export function registerSlashCommand(app: App, deps: SlashCommandDeps): void {
  app.command(deps.commandName, async ({ ack, command, respond }) => {
    await ack();
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      deps.log.warn({ component: 'slack', issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'slash command payload not understood');
      return;
    }
    const reply = await executeSlashCommand(deps, { userId: parsed.data.user_id, text: parsed.data.text });
    try {
      await respond({ response_type: reply.visibility, text: reply.text });
    } catch (err) {
      deps.log.warn({ err, component: 'slack', userId: parsed.data.user_id }, 'could not answer the slash command through response_url');
    }
  });
}
