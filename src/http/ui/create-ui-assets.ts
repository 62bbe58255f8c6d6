import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { uiScript } from './ui-script';
import { uiStylesheet } from './ui-stylesheet';

/** One static asset, ready to send: its bytes, their gzip, and a content hash for ETag and the file name. */
export interface UiAsset {
  file: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

function asset(stem: string, ext: string, type: string, text: string): UiAsset {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  // The hash is in the name, so a page always asks for the version it was rendered with and the
  // file can be cached forever (immutable); a new release gets new names.
  return { file: `${stem}.${hash}.${ext}`, type, body, gzip: gzipSync(body, { level: 9 }), etag: `"${hash}"` };
}

/** The console's script and stylesheet, built once from the TypeScript constants (no build step of their own). */
export function createUiAssets(): { script: UiAsset; stylesheet: UiAsset } {
  return {
    script: asset('console', 'js', 'text/javascript; charset=utf-8', uiScript),
    stylesheet: asset('console', 'css', 'text/css; charset=utf-8', uiStylesheet),
  };
}
