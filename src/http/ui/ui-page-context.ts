import type { UiViewer } from './ui-viewer';

/** What every page needs besides its data: who looks, their CSRF token, and the way back to /ui/. */
export interface UiPageContext {
  viewer: UiViewer;
  csrf: string;
  /** Relative path from this page to /ui/ (`./` or `../`): every URL is relative, so a path prefix works. */
  root: string;
  assets: { script: string; stylesheet: string };
}
