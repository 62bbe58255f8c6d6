import http from 'node:http';
import type { AddressInfo } from 'node:net';
import querystring from 'node:querystring';

/** One Web API call as the fake received it, arguments decoded (JSON-stringified form fields parsed). */
interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
  contentType: string | undefined;
  at: number;
}

/** The parts of a Block Kit block the tests read. */
export interface SlackBlock {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  fields?: Array<{ type: string; text: string }>;
  elements?: Array<{ type: string; action_id?: string; value?: string; text?: unknown }>;
}

/** A message as it stands now in the fake workspace (postMessage, then any chat.update applied). */
export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: SlackBlock[];
}

type Scripted = { status: 429; retryAfter: number } | { status: number } | { error: string };

export interface FakeSlackOptions {
  botToken: string;
  /** Channel ID answered for channel names (`#incidents`). */
  channelId?: string;
  /** usergroups: handle → { id, users }. */
  groups?: Record<string, { id: string; users: string[] }>;
}

/** Fields the Node WebClient sends JSON-stringified inside its form-encoded body. */
const jsonFields = new Set(['blocks', 'attachments', 'metadata']);

/**
 * A loopback stand-in for the Slack Web API (`POST /api/<method>`), answering like Slack: HTTP 200 with
 * `{ok:true,…}` or `{ok:false,error}`; 429 with Retry-After when scripted. It checks the bot token, parses the
 * form body the way Slack does, and keeps messages so tests can read what the channel shows now.
 */
export async function startFakeSlackApi(options: FakeSlackOptions) {
  const calls: SlackCall[] = [];
  const messages = new Map<string, FakeMessage>();
  const scripted = new Map<string, Scripted[]>();
  const channelId = options.channelId ?? 'C0INCIDENTS';
  let seq = 0;

  const handle = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const channelOf = (c: unknown) => (typeof c === 'string' && /^[CDG][A-Z0-9]+$/.test(c) ? c : channelId);
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://acme.slack.com/', team: 'acme', user: 'mendbot', team_id: 'T0ACME', user_id: 'U0MENDBOT', bot_id: 'B0MENDBOT' };
      case 'chat.postMessage': {
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        const ts = `1773481${String(++seq).padStart(3, '0')}.${String(seq).padStart(6, '0')}`;
        const message: FakeMessage = { channel: channelOf(args.channel), ts, thread_ts: args.thread_ts as string | undefined, text: args.text as string, blocks: args.blocks as FakeMessage['blocks'] };
        messages.set(ts, message);
        return { ok: true, channel: message.channel, ts, message: { type: 'message', text: message.text, ts, bot_id: 'B0MENDBOT' } };
      }
      case 'chat.update': {
        const message = messages.get(args.ts as string);
        if (!message || message.channel !== args.channel) return { ok: false, error: 'message_not_found' };
        message.text = args.text as string;
        message.blocks = args.blocks as FakeMessage['blocks'];
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.delete':
        return messages.delete(args.ts as string) ? { ok: true, channel: args.channel, ts: args.ts } : { ok: false, error: 'message_not_found' };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1773482000.${String(++seq).padStart(6, '0')}` };
      case 'usergroups.list':
        return { ok: true, usergroups: Object.entries(options.groups ?? {}).map(([handle, g]) => ({ id: g.id, handle, name: handle, team_id: 'T0ACME' })) };
      case 'usergroups.users.list': {
        const group = Object.values(options.groups ?? {}).find((g) => g.id === args.usergroup);
        return group ? { ok: true, users: group.users } : { ok: false, error: 'no_such_subteam' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const contentType = req.headers['content-type'];
      const args: Record<string, unknown> = {};
      if (contentType?.startsWith('application/json')) Object.assign(args, body ? (JSON.parse(body) as object) : {});
      else {
        for (const [k, v] of Object.entries(querystring.parse(body))) {
          const value = Array.isArray(v) ? v[0] : v;
          args[k] = jsonFields.has(k) && typeof value === 'string' ? JSON.parse(value) : value;
        }
      }
      calls.push({ method, args, authorization: req.headers.authorization, contentType, at: Date.now() });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(payload));
      };
      const next = scripted.get(method)?.shift();
      if (next && 'error' in next) return send(200, { ok: false, error: next.error });
      if (next && next.status === 429) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String((next as { retryAfter: number }).retryAfter) });
      if (next) return send(next.status, { ok: false, error: 'fatal_error' });
      if (req.headers.authorization !== `Bearer ${options.botToken}`) return send(200, { ok: false, error: 'invalid_auth' });
      send(200, handle(method, args));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** For SLACK_API_URL / slackApiUrl. */
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    messages,
    channelId,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    /** The next `times` calls of `method` get this answer instead of the normal one. */
    failNext(method: string, answer: Scripted, times = 1) {
      const queue = scripted.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(answer);
      scripted.set(method, queue);
    },
    /** Top-level messages (thread parents) in the channel. */
    parents: () => [...messages.values()].filter((m) => !m.thread_ts),
    repliesTo: (ts: string) => [...messages.values()].filter((m) => m.thread_ts === ts),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeSlackApi = Awaited<ReturnType<typeof startFakeSlackApi>>;

/** Whether a message still offers buttons. */
export function hasButtons(message: FakeMessage | undefined): boolean {
  return (message?.blocks ?? []).some((b) => b.type === 'actions');
}
