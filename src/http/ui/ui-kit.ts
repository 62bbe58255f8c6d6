import type { Request, Response } from 'express';
import type { UiAsset } from './create-ui-assets';
import type { UiSessionCodec } from './create-ui-session-codec';
import type { UiPageContext } from './ui-page-context';
import type { UiRouterDeps } from './ui-router-deps';
import type { UiViewer } from './ui-viewer';

/** What the console's route groups share, built once by createUiRouter. */
export interface UiKit {
  deps: UiRouterDeps;
  codec: UiSessionCodec;
  assets: { script: UiAsset; stylesheet: UiAsset };
  /** Who sent the request (throws UiRefusal for a forged proxy header). */
  identify(req: Request): UiViewer | undefined;
  /** The viewer the auth middleware identified (it runs before every page and action). */
  viewerOf(res: Response): UiViewer;
  page(req: Request, res: Response): UiPageContext;
  /** Answers an error as a page: refusals and domain errors with their status, anything else 500 (logged). */
  fail(req: Request, res: Response, error: unknown): void;
}

/** Relative path from the request's URL to /ui/ ('./', '../', …), so links survive a path prefix. */
export function rootOf(req: Request): string {
  const depth = (req.path.match(/\//g)?.length ?? 1) - 1;
  return depth <= 0 ? './' : '../'.repeat(depth);
}
