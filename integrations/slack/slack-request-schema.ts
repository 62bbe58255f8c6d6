import { z } from 'zod';
import { approveActionId, rejectActionId } from './render-approval-message';

// What mendbot accepts at POST /slack/events, checked before Bolt sees the body. Bolt dereferences parts of
// a body without checking them (`body.user.id`, `[payload] = body.actions`, `'channel' in body.event`…), so
// a signed body of the wrong shape made it throw (500) or wait 3 s for an ack no listener would give (404).
// Each schema below accepts exactly the requests a mendbot listener handles, and makes the fields Bolt reads
// the types it assumes; objects stay loose, so fields Slack adds later pass.

/** A key that must not be there: its presence makes Bolt take the body for another kind of request. */
const absent = z.undefined({ error: 'not expected in this kind of Slack request' }).optional();
const mendbotActions: ReadonlySet<string> = new Set([approveActionId, rejectActionId]);

/** A slash command form (every field a single string: a repeated field is refused before this). */
export const slackCommandSchema = z.looseObject({
  command: z.string(),
  user_id: z.string().min(1),
  text: z.string().optional(),
  event: absent,
});

/** An Approve / Reject click, the only interactivity mendbot's messages offer. */
export const slackBlockActionsSchema = z
  .looseObject({
    type: z.literal('block_actions'),
    user: z.looseObject({ id: z.string().min(1), team_id: z.string().nullish() }),
    team: z.looseObject({ id: z.string().nullish() }).nullish(),
    enterprise: z.looseObject({ id: z.string().nullish() }).nullish(),
    // Bolt reads `channel.id` whenever the key is there, so null is as bad as a string.
    channel: z.looseObject({ id: z.string().nullish() }).optional(),
    response_url: z.string().optional(),
    response_urls: z.array(z.unknown()).optional(),
    actions: z.array(z.looseObject({ action_id: z.string() })).min(1),
    event: absent,
    command: absent,
    name: absent,
  })
  .superRefine((body, ctx) => {
    const actionId = body.actions[0]?.action_id;
    if (actionId !== undefined && !mendbotActions.has(actionId)) {
      ctx.addIssue({ code: 'custom', path: ['actions', 0, 'action_id'], message: `not a mendbot action (expected ${[...mendbotActions].join(' or ')})` });
    }
  });

/** The Events API handshake; Bolt echoes the challenge. */
export const slackUrlVerificationSchema = z.looseObject({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(1000),
});

/** An Events API event: acknowledged, not processed (mendbot registers no event listener). */
export const slackEventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  event: z.looseObject({ type: z.string().min(1) }),
});
