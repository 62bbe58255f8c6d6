import express from 'express';
import { authenticateApiCaller } from '../authenticate-api-caller';
import { checkSameOrigin } from './check-same-origin';
import { html } from './html';
import { renderMessagePage } from './render-message-page';
import { sendHtml } from './send-html';
import { sessionCookie } from './session-cookie';
import { rootOf, type UiKit } from './ui-kit';
import { UiRefusal } from './ui-refusal';
import type { UiViewer } from './ui-viewer';

/**
 * Sign-in: an API token (the same identities and roles as /api) is exchanged once for a signed session
 * cookie, so the token never sits in the browser. Sign-out deletes the cookie. Behind an authenticating
 * proxy, or in loopback mode, there is nothing to sign in to.
 */
export function createUiAuthRoutes(kit: UiKit): express.Router {
  const { deps, codec } = kit;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const stylesheet = kit.assets.stylesheet.file;

  const loginPage = (req: express.Request, res: express.Response, status: number, problem?: string) =>
    sendHtml(
      req,
      res,
      status,
      renderMessagePage(
        rootOf(req),
        stylesheet,
        'Sign in to mendbot',
        deps.apiTokens.length === 0
          ? html`<p>No API token is configured: the console, like the API, answers only on this machine (127.0.0.1, ::1).</p>`
          : html`${problem && html`<p class="notice" id="login-problem">${problem}</p>`}
<form method="post" action="login"><label>API token<input type="password" name="token" autocomplete="current-password" required autofocus></label>
<p><button class="primary" type="submit">Sign in</button></p></form>
<p class="muted">Your token's name is recorded on everything you do here; its role decides what you may press.</p>`,
      ),
    );

  router.get('/login', (req, res) => {
    try {
      const viewer: UiViewer | undefined = kit.identify(req);
      if (viewer) return void res.redirect(303, './');
      loginPage(req, res, 200);
    } catch (error) {
      kit.fail(req, res, error);
    }
  });

  router.post('/login', form, (req, res) => {
    try {
      checkSameOrigin(req.headers);
      if (deps.apiTokens.length === 0) throw new UiRefusal(403, 'no API token is configured: nothing to sign in with');
      const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
      let caller;
      try {
        caller = authenticateApiCaller({ authorization: `Bearer ${token}` }, req.socket.remoteAddress ?? '', deps.apiTokens);
      } catch {
        deps.log.warn({ remoteAddress: req.socket.remoteAddress }, 'console sign-in refused: unknown token');
        return loginPage(req, res, 401, 'That token is not one this server knows.');
      }
      const ttl = deps.settings.sessionTtlMs;
      const value = codec.sign({ name: caller.name, role: caller.role, expiresAt: deps.clock.now().getTime() + ttl });
      res.setHeader('Set-Cookie', sessionCookie(req, value, Math.floor(ttl / 1000)));
      deps.log.info({ name: caller.name, role: caller.role }, 'console sign-in');
      res.redirect(303, './');
    } catch (error) {
      kit.fail(req, res, error);
    }
  });

  router.post('/logout', form, (req, res) => {
    try {
      checkSameOrigin(req.headers);
      const viewer = kit.identify(req);
      if (viewer && !codec.checkCsrf(viewer.csrfSubject, String(req.body?.csrf ?? ''))) throw new UiRefusal(403, 'the form is stale or forged (CSRF token mismatch)');
      res.setHeader('Set-Cookie', sessionCookie(req, '', 0));
      res.redirect(303, 'login');
    } catch (error) {
      kit.fail(req, res, error);
    }
  });
  return router;
}
