import net from 'node:net';
import { Duplex } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { answerClientError } from '../../../src/http/answer-client-error';
import { expectRejected } from './expect-rejected';
import { apiToken, startHostileApp, type HostileApp } from './start-hostile-app';

const bearer = { authorization: `Bearer ${apiToken}` };

/** The requests a fuzz run answered with 500 or a bare status line: each must be a 4xx with the documented body, the store unchanged. */
describe('hostile requests: paths, encodings, request lines', () => {
  let h: HostileApp;
  beforeAll(async () => {
    h = await startHostileApp();
  });
  afterAll(async () => {
    await h.close();
  });

  describe('percent-escape garbage in path parameters', () => {
    it.each(['/api/incidents/%ZZ', '/api/incidents/%E0%A4%A', '/api/incidents/%', '/api/runs/%ZZ'])('GET %s is 400 INVALID_QUERY', async (p) => {
      await expectRejected(h, () => fetch(`${h.url}${p}`), 400, 'INVALID_QUERY', 'id');
    });

    it.each(['approve', 'reject'])('POST /api/runs/%%ZZ/%s is 400 INVALID_QUERY', async (decision) => {
      await expectRejected(
        h,
        () => fetch(`${h.url}/api/runs/%ZZ/${decision}`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{"by":"U0SEEDONLY"}' }),
        400,
        'INVALID_QUERY',
        'id',
      );
    });

    it('a bad escape anywhere else in the path is a JSON 404 or 400, never a 500', async () => {
      await expectRejected(h, () => fetch(`${h.url}/webhooks/%ZZ`, { method: 'POST', body: '{}' }), 404, 'NOT_FOUND');
      await expectRejected(h, () => fetch(`${h.url}/%ZZ/%%`), 404, 'NOT_FOUND');
    });
  });

  describe('content-encoding and charset on the /api POST routes', () => {
    const post = (headers: Record<string, string>, body: string | Buffer) =>
      fetch(`${h.url}/api/runs/${h.seededRun.id}/approve`, { method: 'POST', headers: { ...bearer, ...headers }, body });

    it('an unknown content-encoding is 400 INVALID_JSON', async () => {
      await expectRejected(h, () => post({ 'content-type': 'application/json', 'content-encoding': 'x-hostile' }, '{"by":"U0SEEDONLY"}'), 400, 'INVALID_JSON');
      await expectRejected(h, () => fetch(`${h.url}/api/pause`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json', 'content-encoding': 'bogus' }, body: '{}' }), 400, 'INVALID_JSON');
    });

    it('a body that is not what its gzip content-encoding says is 400 INVALID_JSON', async () => {
      await expectRejected(h, () => post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip at all'), 400, 'INVALID_JSON');
    });

    it('an unsupported charset is 400 INVALID_JSON', async () => {
      await expectRejected(h, () => post({ 'content-type': 'application/json; charset=x-hostile' }, '{"by":"U0SEEDONLY"}'), 400, 'INVALID_JSON');
      await expectRejected(h, () => fetch(`${h.url}/api/resume`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json; charset=latin1' }, body: '{}' }), 400, 'INVALID_JSON');
    });

    it('a well-formed gzip body is still read (the encoding is supported, the approver is not)', async () => {
      await expectRejected(h, () => post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync('{"by":"U0STRANGER"}')), 403, 'NOT_AN_APPROVER');
    });

    it('the same headers on a webhook are a 4xx too', async () => {
      await expectRejected(
        h,
        () => fetch(`${h.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'x-hostile' }, body: '{}' }),
        400,
        'INVALID_JSON',
      );
    });
  });

  describe('an over-long request line or headers', () => {
    it('gets a JSON 431 HEADERS_TOO_LARGE instead of a bare status line', async () => {
      await expectRejected(h, () => fetch(`${h.url}/api/incidents/${'x'.repeat(20_000)}`), 431, 'HEADERS_TOO_LARGE');
      await expectRejected(h, () => fetch(`${h.url}/healthz`, { headers: { 'x-big': 'y'.repeat(20_000) } }), 431, 'HEADERS_TOO_LARGE');
    });

    it('gets a JSON 400 MALFORMED_REQUEST for bytes that are not HTTP/1.1', async () => {
      const before = h.snapshot();
      const answer = await rawExchange(h.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/content-type: application\/json/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'MALFORMED_REQUEST', message: expect.any(String) });
      expect(h.snapshot()).toEqual(before);
    });
  });
});

/** Writes raw bytes and returns everything the server sent before closing. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
  });
}

describe('answerClientError (the server\'s clientError listener)', () => {
  /** A socket stand-in that records what is written and whether it was destroyed. */
  function fakeSocket(options: { inFlightHeadersSent?: boolean } = {}) {
    const written: Buffer[] = [];
    const socket = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, done) {
        written.push(chunk);
        done();
      },
    });
    if (options.inFlightHeadersSent !== undefined) Object.assign(socket, { _httpMessage: { headersSent: options.inFlightHeadersSent } });
    return { socket, text: () => Buffer.concat(written).toString('utf8') };
  }

  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'HEADERS_TOO_LARGE'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'PAYLOAD_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST_TIMEOUT'],
    ['HPE_INVALID_METHOD', 400, 'MALFORMED_REQUEST'],
    [undefined, 400, 'MALFORMED_REQUEST'],
  ])('answers %s with %i %s as a complete JSON response', async (code, status, errorCode) => {
    const { socket, text } = fakeSocket();
    const closed = new Promise((resolve) => socket.once('close', resolve));
    answerClientError(Object.assign(new Error('parse error'), { code }), socket);
    await closed;
    const [head, body] = text().split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/);
    expect(head).toContain(`\r\nContent-Length: ${Buffer.byteLength(body!)}\r\n`);
    expect(JSON.parse(body!)).toEqual({ code: errorCode, message: expect.any(String) });
  });

  it('writes nothing when the peer reset the connection or a response is already under way', () => {
    for (const [error, options] of [
      [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), {}],
      [Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD' }), { inFlightHeadersSent: true }],
    ] as const) {
      const { socket, text } = fakeSocket(options);
      answerClientError(error, socket);
      expect(text()).toBe('');
      expect(socket.destroyed).toBe(true);
    }
  });
});
