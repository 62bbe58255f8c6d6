import { ErrorCode, MendbotError } from '../core/errors';

/** Cursors are opaque to clients: base64url of the last id seen, so the encoding can change later. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ before: lastId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { before?: unknown };
    if (typeof parsed.before === 'string' && parsed.before.length > 0) return parsed.before;
  } catch {
    // fall through to the error below
  }
  throw new MendbotError(ErrorCode.InvalidQuery, 'cursor is not one this server issued; pass next_cursor back unchanged', {
    path: 'cursor',
  });
}
