import { html, type SafeHtml } from './html';
import type { UiPageContext } from './ui-page-context';

/** The hidden CSRF field every console form carries. */
export function renderCsrfField(ctx: UiPageContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${ctx.csrf}">`;
}
