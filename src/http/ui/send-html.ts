import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import type { SafeHtml } from './html';

/** Script and style only from our own files, nothing framed, forms only to ourselves. */
const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Writes a page or fragment: never cached (it holds live state and a CSRF token), gzipped when the client takes it. */
export function sendHtml(req: Request, res: Response, status: number, markup: SafeHtml): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Vary', 'Accept-Encoding, Cookie');
  const body = Buffer.from(markup.value, 'utf8');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && body.length > 1024) {
    res.setHeader('Content-Encoding', 'gzip');
    res.end(gzipSync(body, { level: 6 }));
    return;
  }
  res.end(body);
}
