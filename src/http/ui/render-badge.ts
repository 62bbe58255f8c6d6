import { html, type SafeHtml } from './html';

/** A status word as a coloured badge (the class is derived from a fixed vocabulary, the text is escaped). */
export function renderBadge(kind: string, text: string = kind.replace(/_/g, ' ')): SafeHtml {
  const cls = /^[a-z_]+$/.test(kind) ? kind : 'unknown';
  return html`<span class="badge b-${cls}">${text}</span>`;
}
