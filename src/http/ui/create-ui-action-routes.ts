import express from 'express';
import type { ApiRole } from '../../config/api-token-entry';
import { checkUiPost } from './check-ui-post';
import type { UiKit } from './ui-kit';
import { UiRefusal } from './ui-refusal';
import type { UiViewer } from './ui-viewer';

type Action = (req: express.Request, viewer: UiViewer, body: Record<string, unknown>) => Promise<string>;

const reasonOf = (body: Record<string, unknown>, fallback?: string): string => {
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  if (reason === '' && fallback === undefined) throw new UiRefusal(400, 'say why (the reason is recorded)');
  if (reason.length > 500) throw new UiRefusal(400, 'the reason is longer than 500 characters');
  return reason || fallback!;
};

/**
 * The buttons. Each POST is checked before anything changes (check-ui-post.ts: same origin, the CSRF token
 * of this viewer's session, the role — the API's rule for the same action). Then it calls the very service
 * the API and Slack call, as the person (their name is what the timeline and the controls record), and
 * redirects back to the page (303, so a reload does not post again).
 */
export function createUiActionRoutes(kit: UiKit): express.Router {
  const { deps } = kit;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  const post = (path: string, role: ApiRole, action: Action) =>
    router.post(path, form, (req, res) => {
      const run = async () => {
        const { viewer, body } = checkUiPost(kit, req, res, role);
        const back = await action(req, viewer, body);
        deps.log.info({ path: req.path, by: viewer.name, via: viewer.via }, 'console action');
        res.redirect(303, back);
      };
      run().catch((error: unknown) => kit.fail(req, res, error));
    });

  const runs = deps.runs;
  if (runs) {
    for (const decision of ['approve', 'reject'] as const) {
      post(`/runs/:id/${decision}`, 'operator', async (req, viewer) => {
        await runs.decide(String(req.params.id), decision === 'approve' ? 'approved' : 'rejected', { as: viewer.name });
        return `../${encodeURIComponent(String(req.params.id))}`;
      });
    }
    post('/playbooks/:name/pause', 'operator', async (req, viewer, body) => {
      await runs.pause(String(req.params.name), { as: viewer.name }, reasonOf(body, 'paused in the console'));
      return '../../playbooks';
    });
    post('/playbooks/:name/resume', 'operator', async (req) => {
      await runs.resume(String(req.params.name));
      return '../../playbooks';
    });
    post('/kill-switch', 'admin', async (_req, viewer, body) => {
      if (body.state === 'on') await runs.pause(undefined, { as: viewer.name }, reasonOf(body));
      else if (body.state === 'off') await runs.resume(undefined);
      else throw new UiRefusal(400, 'state must be on or off');
      return 'playbooks';
    });
  }
  const resolver = deps.resolver;
  if (resolver) {
    post('/incidents/:id/resolve', 'operator', async (req, viewer, body) => {
      await resolver.resolve(String(req.params.id), { by: viewer.name, reason: reasonOf(body) });
      return `../${encodeURIComponent(String(req.params.id))}`;
    });
  }
  return router;
}
