import express from 'express';
import { MendbotError } from '../../core/errors';
import { createProxyTrust } from './create-proxy-trust';
import { createUiActionRoutes } from './create-ui-action-routes';
import { createUiAssets } from './create-ui-assets';
import { createUiBacktestRoute } from './create-ui-backtest-route';
import { createUiAuthRoutes } from './create-ui-auth-routes';
import { createUiPageRoutes } from './create-ui-page-routes';
import { createUiSessionCodec } from './create-ui-session-codec';
import { html } from './html';
import { identifyUiViewer } from './identify-ui-viewer';
import { renderMessagePage } from './render-message-page';
import { sendHtml } from './send-html';
import { serveUiEvents } from './serve-ui-events';
import { rootOf, type UiKit } from './ui-kit';
import { UiRefusal } from './ui-refusal';
import type { UiRouterDeps } from './ui-router-deps';
import type { UiViewer } from './ui-viewer';

/**
 * The web console under /ui (docs/console.md): server-rendered pages over the store, the same run
 * service and resolver as the API and Slack, sessions from API tokens or an authenticating proxy, CSRF
 * tokens on every form. Its own error pages: nothing here falls through to the JSON API handlers.
 */
export function createUiRouter(deps: UiRouterDeps): express.Router {
  const codec = createUiSessionCodec(deps.settings.sessionKey);
  const isTrustedProxy = createProxyTrust(deps.settings.trustedProxies);
  const assets = createUiAssets();
  const kit: UiKit = {
    deps,
    codec,
    assets,
    identify(req) {
      const viewer = identifyUiViewer(req.headers, req.socket.remoteAddress ?? '', deps.clock.now().getTime(), { settings: deps.settings, codec, isTrustedProxy, loopbackMode: deps.apiTokens.length === 0 });
      if (viewer?.via !== 'session') return viewer;
      // A session lasts only while its token does, with the role the token has now: removing or
      // demoting a token takes effect on the next request, not when the cookie expires.
      const token = deps.apiTokens.find((t) => t.name === viewer.name);
      return token ? { ...viewer, role: token.role } : undefined;
    },
    viewerOf(res) {
      const viewer = res.locals.uiViewer as UiViewer | undefined;
      if (!viewer) throw new UiRefusal(403, 'not signed in');
      return viewer;
    },
    page(req, res) {
      const viewer = kit.viewerOf(res);
      return { viewer, csrf: codec.csrfToken(viewer.csrfSubject), root: rootOf(req), assets: { script: assets.script.file, stylesheet: assets.stylesheet.file } };
    },
    fail(req, res, error) {
      const status = error instanceof UiRefusal || error instanceof MendbotError ? error.status : 500;
      const message = error instanceof Error && status < 500 ? error.message : 'Something went wrong; the error is in the server log.';
      if (status >= 500) deps.log.error({ err: error, path: req.originalUrl }, 'console request failed');
      else if (status === 403) deps.log.warn({ path: req.originalUrl, method: req.method, remoteAddress: req.socket.remoteAddress, reason: message }, 'console request refused');
      const title = status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : status === 409 ? 'Already decided' : status >= 500 ? 'Error' : 'Cannot do that';
      sendHtml(req, res, status, renderMessagePage(rootOf(req), assets.stylesheet.file, title, html`<p class="notice" id="refusal">${message}</p>`));
    },
  };

  const ui = express.Router();
  for (const a of [assets.script, assets.stylesheet]) {
    ui.get(`/assets/${a.file}`, (req, res) => {
      res.setHeader('Content-Type', a.type);
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('ETag', a.etag);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (req.headers['if-none-match'] === a.etag) return void res.status(304).end();
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (gzip) res.setHeader('Content-Encoding', 'gzip');
      res.end(gzip ? a.gzip : a.body);
    });
  }
  ui.use(createUiAuthRoutes(kit));

  // Everything below needs someone identified: pages send strangers to sign in, actions refuse them.
  ui.use((req, res, next) => {
    try {
      const viewer = kit.identify(req);
      if (viewer) {
        res.locals.uiViewer = viewer;
        return next();
      }
      if (req.method === 'GET' || req.method === 'HEAD') return void res.redirect(303, `${rootOf(req)}login`);
      throw new UiRefusal(403, 'sign in first');
    } catch (error) {
      kit.fail(req, res, error);
    }
  });
  ui.get('/events', (req, res) => serveUiEvents(req, res, deps.hub));
  ui.use(createUiPageRoutes(kit));
  ui.use(createUiActionRoutes(kit));
  if (deps.backtester) ui.use(createUiBacktestRoute(kit, deps.backtester));
  ui.use((req, res) => kit.fail(req, res, new UiRefusal(404, `no console page ${req.method} ${req.path}`)));
  ui.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => kit.fail(req, res, error));

  const router = express.Router();
  // `/ui` without its slash would make every relative link point one level too high.
  router.get('/ui', (req, res, next) => (req.path === '/ui' ? res.redirect(301, 'ui/') : next()));
  router.use('/ui', ui);
  return router;
}
