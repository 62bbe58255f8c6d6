import { html, type SafeHtml } from './html';
import type { UiPageContext } from './ui-page-context';

/** The page around every console view: navigation, who is signed in, sign-out, the one script and stylesheet. */
export function renderLayout(ctx: UiPageContext, title: string, body: SafeHtml): SafeHtml {
  const { viewer, root } = ctx;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · mendbot</title><meta name="csrf-token" content="${ctx.csrf}">
<link rel="stylesheet" href="${root}assets/${ctx.assets.stylesheet}">
<script src="${root}assets/${ctx.assets.script}" defer></script></head>
<body><a class="skip" href="#main">Skip to content</a>
<header class="top"><strong>mendbot</strong><nav aria-label="Main"><a href="${root}">Incidents</a><a href="${root}playbooks">Playbooks</a></nav>
<span class="who">${viewer.name} (${viewer.role})</span>
${viewer.via === 'session' && html`<form class="inline" method="post" action="${root}logout"><input type="hidden" name="csrf" value="${ctx.csrf}"><button type="submit">Sign out</button></form>`}
</header>
<main id="main">${body}</main></body></html>`;
}
