import express from 'express';
import { html } from './html';
import type { IncidentView } from './incident-view';
import { loadIncidentList } from './load-incident-list';
import { loadPlaybookRows } from './load-playbook-rows';
import { parseIncidentFilter } from './parse-incident-filter';
import { renderIncidentBody } from './render-incident-body';
import { renderIncidentList } from './render-incident-list';
import { incidentFilterQuery, renderIncidentsPage } from './render-incidents-page';
import { renderIncidentPage } from './render-incident-page';
import { renderLayout } from './render-layout';
import { renderPlaybooksPage } from './render-playbooks-page';
import { renderRunBody } from './render-run-body';
import { renderRunDecision, renderRunPage } from './render-run-page';
import { sendHtml } from './send-html';
import type { UiKit } from './ui-kit';
import { UiRefusal } from './ui-refusal';

type Handler = (req: express.Request, res: express.Response) => Promise<void>;

/** The read-only pages (viewer and up) and the fragments their live regions re-fetch. */
export function createUiPageRoutes(kit: UiKit): express.Router {
  const { deps } = kit;
  const { store } = deps;
  const router = express.Router();
  const route = (path: string, handler: Handler) => router.get(path, (req, res) => handler(req, res).catch((error: unknown) => kit.fail(req, res, error)));
  const wantsFragment = (req: express.Request) => req.query.fragment === '1';

  const incidentList = async (req: express.Request) => {
    const filter = parseIncidentFilter(req.query as Record<string, unknown>);
    const page = await loadIncidentList(store, filter);
    return { filter, list: renderIncidentList(page, page.next !== undefined ? `./?${incidentFilterQuery(filter, page.next)}` : undefined) };
  };

  route('/', async (req, res) => {
    const { filter, list } = await incidentList(req);
    const ctx = kit.page(req, res);
    sendHtml(req, res, 200, renderLayout(ctx, 'Incidents', renderIncidentsPage(ctx, filter, list)));
  });

  route('/fragments/incidents', async (req, res) => {
    sendHtml(req, res, 200, (await incidentList(req)).list);
  });

  route('/incidents/:id', async (req, res) => {
    const id = String(req.params.id);
    const detail = await store.getIncident(id);
    if (!detail) throw new UiRefusal(404, `no incident ${id}`);
    const [runs, chat, postmortem] = await Promise.all([store.listRuns({ incidentId: id, limit: 200 }), store.getChatRef(`incident:${id}`), store.getPostmortem(id)]);
    const view: IncidentView = {
      detail,
      runs,
      ...(chat ? { slackThread: `https://slack.com/archives/${encodeURIComponent(chat.channel)}/p${chat.ts.replace('.', '')}` } : {}),
      ...(postmortem?.ticket ? { postmortem: postmortem.ticket } : {}),
    };
    const body = renderIncidentBody(view, deps.alertmanagerUrl);
    if (wantsFragment(req)) return sendHtml(req, res, 200, body);
    const ctx = kit.page(req, res);
    sendHtml(req, res, 200, renderLayout(ctx, detail.incident.title || 'Incident', renderIncidentPage(ctx, view, body)));
  });

  route('/runs/:id', async (req, res) => {
    const id = String(req.params.id);
    const run = await store.getRun(id);
    if (!run) throw new UiRefusal(404, `no run ${id}`);
    const detail = await store.getIncident(run.incidentId);
    const trace = (detail?.timeline ?? []).filter((e) => e.data.runId === run.id);
    const ctx = kit.page(req, res);
    const live = html`${renderRunDecision(ctx, run)}${renderRunBody(run, trace, deps.clock.now().toISOString())}`;
    if (wantsFragment(req)) return sendHtml(req, res, 200, live);
    sendHtml(req, res, 200, renderLayout(ctx, `Run ${run.id}`, renderRunPage(run, live)));
  });

  route('/playbooks', async (req, res) => {
    const { controls, rows } = await loadPlaybookRows(store, deps.playbooks?.() ?? [], deps.clock.now().getTime());
    const ctx = kit.page(req, res);
    sendHtml(req, res, 200, renderLayout(ctx, 'Playbooks', renderPlaybooksPage(ctx, controls, rows, deps.backtester !== undefined)));
  });

  return router;
}
