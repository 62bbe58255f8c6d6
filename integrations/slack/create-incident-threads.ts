import type { webApi } from '@slack/bolt';
import type { ChatPort } from '../../src/engine/actions/notify-action';
import { PermanentStepError } from '../../src/engine/step-errors';
import { BoundedMap } from '../../src/core/retention/bounded-map';
import { finalRunStatuses, type Run } from '../../src/core/runs/run';
import type { ChatRef, Store } from '../../src/store/store';
import type { Logger } from '../../src/telemetry/create-logger';
import type { AlertmanagerState } from '../../src/core/alertmanager/alertmanager-state';
import { approvalView } from './approval-view';
import { createCoalescer, type FlushOutcome } from './create-coalescer';
import { createKeyedQueue } from './create-keyed-queue';
import type { SlackWebClient } from './create-slack-web-client';
import { describeSlackError } from './describe-slack-error';
import { listNotableEvents, type NotableEvent } from './list-notable-events';
import { renderApprovalMessage } from './render-approval-message';
import { renderIncidentMessage } from './render-incident-message';
import type { SlackMessage } from './slack-message';
import { stepLink } from './step-link';

export interface IncidentThreads {
  /** The incident (or one of its runs) changed: bring its thread up to date soon, coalesced. */
  touch(incidentId: string): void;
  /** Bring it up to date now (a person just clicked: the buttons must go away at once). */
  syncNow(incidentId: string): void;
  /** For the `notify` action: a reply in the incident's thread (top level without an incident). */
  post: ChatPort['post'];
  stop(): Promise<void>;
}

export interface IncidentThreadsDeps {
  client: SlackWebClient;
  /** SLACK_CHANNEL: where parent messages go (ID or name). */
  channel: string;
  store: Store;
  log: Logger;
  /** At most one sync per incident per this many ms. */
  coalesceMs: number;
}

/**
 * One thread per incident. A sync reads the incident and its runs from the store and makes Slack match:
 * parent message (posted once, then rewritten), approval messages (posted, then rewritten without buttons),
 * and replies for notable events. Everything is derived from stored state and every message is recorded with
 * putChatRef, so a sync can be repeated, dropped or run after a restart without posting anything twice.
 *
 * Slack never blocks the core: event listeners only mark an incident dirty; syncs run later, one at a time per
 * incident (a keyed queue: two events cannot both post a parent), and a failed sync is retried with backoff.
 */
export function createIncidentThreads(deps: IncidentThreadsDeps): IncidentThreads {
  const { client, store, log } = deps;
  const queue = createKeyedQueue();
  // Both are caches of what the store (refs) or Slack (shown) holds, bounded because an incident that never
  // resolves is never forgotten below: an evicted ref is read again, an evicted signature costs one update.
  const refs = new BoundedMap<string, ChatRef>({ maxEntries: 10_000 });
  /** Signature of what each message shows now (skip updates that change nothing). */
  const shown = new BoundedMap<string, string>({ maxEntries: 10_000 });
  const parentKey = (incidentId: string) => `incident:${incidentId}`;

  const refFor = async (key: string): Promise<ChatRef | null> => {
    const known = refs.get(key);
    if (known) return known;
    const stored = await store.getChatRef(key);
    if (stored) refs.set(key, stored);
    return stored;
  };

  /** Posts a message and records it under `key`; another replica's earlier record wins and our copy is deleted. */
  const postOnce = async (key: string, message: webApi.ChatPostMessageArguments & { channel: string }): Promise<ChatRef> => {
    const res = await client.chat.postMessage({ ...message, unfurl_links: false, unfurl_media: false });
    const mine = { channel: res.channel ?? message.channel, ts: res.ts! };
    const stored = await store.putChatRef(key, mine);
    if (stored.ts !== mine.ts || stored.channel !== mine.channel) {
      log.warn({ component: 'slack', key }, 'another mendbot posted this message first; deleting our duplicate');
      await client.chat.delete(mine).catch((err: unknown) => log.warn({ err, component: 'slack', key }, 'could not delete a duplicate message'));
    }
    refs.set(key, stored);
    return stored;
  };

  const ensureParent = async (incidentId: string, message: SlackMessage): Promise<ChatRef> => {
    const key = parentKey(incidentId);
    const known = await refFor(key);
    if (known) return known;
    const ref = await postOnce(key, { channel: deps.channel, ...message });
    shown.set(key, JSON.stringify(message));
    return ref;
  };

  const syncApproval = async (run: Run, parent: ChatRef, alertmanager: AlertmanagerState | null): Promise<void> => {
    const key = `run:${run.id}`;
    const view = approvalView(run, alertmanager);
    // Links a finished step returned are shown on its step line: a new one is worth an update too.
    const signature = JSON.stringify([view, run.steps.map((s) => stepLink(s, 'link') ?? null)]);
    const ref = await refFor(key);
    if (!ref) {
      // Decided before it could be shown (Slack was down, or an API approval): the decision reply says it.
      if (view.state !== 'waiting') return;
      await postOnce(key, { channel: parent.channel, thread_ts: parent.ts, reply_broadcast: true, ...renderApprovalMessage(run, view) });
      shown.set(key, signature);
      return;
    }
    const last = shown.get(key);
    // After a restart we don't know what the message shows; a waiting one is right as posted, unless
    // Alertmanager was asked since (its warning may have come or gone while we were down).
    if (last === signature || (last === undefined && view.state === 'waiting' && !alertmanager)) {
      shown.set(key, signature);
      return;
    }
    await client.chat.update({ channel: ref.channel, ts: ref.ts, ...renderApprovalMessage(run, view) });
    shown.set(key, signature);
  };

  const reply = async (event: Extract<NotableEvent, { kind: 'reply' }>, parent: ChatRef): Promise<void> => {
    if (!(await refFor(event.key))) await postOnce(event.key, { channel: parent.channel, thread_ts: parent.ts, text: event.text });
  };

  const sync = async (incidentId: string): Promise<void> => {
    const detail = await store.getIncident(incidentId);
    if (!detail) return;
    const [runs, postmortem] = await Promise.all([store.listRuns({ incidentId, limit: 200 }), store.getPostmortem(incidentId)]);
    const message = renderIncidentMessage(detail.incident, runs);
    const parent = await ensureParent(incidentId, message);
    const signature = JSON.stringify(message);
    if (shown.get(parentKey(incidentId)) !== signature) {
      await client.chat.update({ channel: parent.channel, ts: parent.ts, ...message });
      shown.set(parentKey(incidentId), signature);
    }
    const events = listNotableEvents(detail, runs, postmortem);
    for (const event of events) {
      if (event.kind === 'approval') await syncApproval(event.run, parent, detail.incident.alertmanager ?? null);
      else await reply(event, parent);
    }
    // Nothing more will change: forget it (all of it is in the store, should the incident reopen).
    if (detail.incident.status === 'resolved' && runs.every((r) => finalRunStatuses.has(r.status))) {
      for (const key of [parentKey(incidentId), ...events.map((e) => e.key)]) {
        refs.delete(key);
        shown.delete(key);
      }
    }
  };

  const coalescer = createCoalescer({
    windowMs: deps.coalesceMs,
    flush: (incidentId) =>
      queue.run(incidentId, async (): Promise<FlushOutcome> => {
        try {
          await sync(incidentId);
          return 'done';
        } catch (err) {
          const slack = describeSlackError(err);
          // Anything that is not a known-permanent Slack error (a store hiccup included) is retried.
          log[slack.permanent ? 'error' : 'warn'](
            { err, component: 'slack', incidentId, slackError: slack.code },
            slack.permanent ? 'slack thread update failed; the next change retries' : 'slack thread update failed; retrying with backoff',
          );
          return slack.permanent ? 'done' : 'retry';
        }
      }),
  });

  return {
    touch: (incidentId) => coalescer.touch(incidentId),
    syncNow: (incidentId) => coalescer.flushNow(incidentId),
    async post({ text, incidentId }) {
      try {
        if (incidentId === undefined) {
          await client.chat.postMessage({ channel: deps.channel, text });
          return;
        }
        await queue.run(incidentId, async () => {
          // Bring the thread up to date first, so a step's message lands after the "run started" reply that
          // precedes it in the store, whatever the coalescing window. Best effort: the coalescer retries.
          await sync(incidentId).catch((err: unknown) => log.warn({ err, component: 'slack', incidentId }, 'thread sync before a notify failed'));
          let parent = await refFor(parentKey(incidentId));
          if (!parent) {
            const detail = await store.getIncident(incidentId);
            if (detail) parent = await ensureParent(incidentId, renderIncidentMessage(detail.incident, await store.listRuns({ incidentId, limit: 200 })));
          }
          await client.chat.postMessage({ channel: parent?.channel ?? deps.channel, thread_ts: parent?.ts, text });
        });
      } catch (err) {
        const slack = describeSlackError(err);
        if (slack.permanent) throw new PermanentStepError(`slack: ${slack.code}`, { slackError: slack.code });
        throw err;
      }
    },
    async stop() {
      await coalescer.stop();
      await queue.idle();
    },
  };
}
