import { Writable } from 'node:stream';
import { redactingLogger } from '../../../src/engine/secrets/redacting-logger';
import { createLogger } from '../../../src/telemetry/create-logger';

describe('redactingLogger', () => {
  const secret = 'tok-9b1f2e';
  const setup = () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    return { lines, log: createLogger({ level: 'debug', stream }) };
  };

  it('scrubs messages, merged objects, errors and child bindings, at every level', () => {
    const { lines, log } = setup();
    const safe = redactingLogger(log, [secret]);
    safe.info(`GET /x?key=${secret}`);
    safe.warn({ url: `https://a/?k=${secret}` }, 'warned');
    safe.error({ err: new Error(`refused ${secret}`) }, 'failed');
    safe.child({ target: `with ${secret}` }).debug({ nested: { deep: [secret] } }, `child ${secret}`);
    expect(lines).toHaveLength(4);
    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).toContain('GET /x?key=[redacted]');
    expect(lines[3]).toContain('with [redacted]');
    expect(JSON.parse(lines[2]!)).toMatchObject({ err: { type: 'Error', message: 'refused [redacted]', stack: expect.stringContaining('refused [redacted]') } });
  });

  it('is the logger itself when there is nothing to redact', () => {
    const { log } = setup();
    expect(redactingLogger(log, [])).toBe(log);
  });
});
