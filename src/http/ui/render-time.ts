import { html, type SafeHtml } from './html';

/** A timestamp: UTC in the markup (readable without the script), the viewer's zone once the script ran. */
export function renderTime(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}" title="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC</time>`;
}
