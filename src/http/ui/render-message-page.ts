import { html, type SafeHtml } from './html';

/** A page of its own (sign-in, refusals) for someone who may not be identified: no navigation, no data. */
export function renderMessagePage(root: string, stylesheet: string, title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · mendbot</title>
<link rel="stylesheet" href="${root}assets/${stylesheet}"></head>
<body><main id="main"><h1>${title}</h1>${body}<p><a href="${root}">Back to the console</a></p></main></body></html>`;
}
