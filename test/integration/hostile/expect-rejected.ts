import type { HostileApp } from './start-hostile-app';

/**
 * Sends the request and checks it was refused as documented: `status`, a JSON `{code, message, path?}` body
 * with `code` (and `path` when given), and the store exactly as before. Returns the body.
 */
export async function expectRejected(h: HostileApp, request: () => Promise<Response>, status: number, code: string, pathField?: string): Promise<Record<string, unknown>> {
  const before = h.snapshot();
  const res = await request();
  const text = await res.text();
  expect({ status: res.status, text }).toMatchObject({ status });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toMatchObject({ code, message: expect.any(String) });
  if (pathField !== undefined) expect(body.path).toBe(pathField);
  expect(h.snapshot()).toEqual(before);
  return body;
}
