import type express from 'express';
import type { ApiRole } from '../../config/api-token-entry';
import { checkSameOrigin } from './check-same-origin';
import type { UiKit } from './ui-kit';
import { UiRefusal } from './ui-refusal';
import { mayAct, type UiViewer } from './ui-viewer';

/**
 * What every console POST passes before anything runs, in this order: same origin, the CSRF token of this
 * viewer's session, the role (the API's rule for the same action). Answers the viewer and the form body.
 */
export function checkUiPost(kit: UiKit, req: express.Request, res: express.Response, role: ApiRole): { viewer: UiViewer; body: Record<string, unknown> } {
  checkSameOrigin(req.headers);
  const viewer = kit.viewerOf(res);
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  if (!kit.codec.checkCsrf(viewer.csrfSubject, typeof body.csrf === 'string' ? body.csrf : '')) throw new UiRefusal(403, 'the form is stale or forged (CSRF token mismatch); reload the page');
  if (!mayAct(viewer, role)) throw new UiRefusal(403, `${viewer.name} has role ${viewer.role}: this needs ${role}`);
  return { viewer, body };
}
