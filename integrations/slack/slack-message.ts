import type { types } from '@slack/bolt';

/** A message's content: `text` is the notification and fallback text, `blocks` what Slack shows. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}
