import { Writable } from 'node:stream';
import { createLogger, hotPathLogger } from '../../../src/telemetry/create-logger';

function memoryLogger(level = 'info') {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level, stream });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, raw: () => chunks.join('') };
}

describe('hotPathLogger', () => {
  it('writes the same JSON lines as its parent, at its level', () => {
    const { log, lines } = memoryLogger('info');
    const hot = hotPathLogger(log);
    hot.info({ deliveryId: 'dlv_1', alerts: 50, decisions: { attached: 49, new_incident: 1 } }, 'delivery recorded');
    hot.debug({ alertKey: 'k' }, 'per alert');
    expect(lines()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'mendbot',
        deliveryId: 'dlv_1',
        alerts: 50,
        decisions: { attached: 49, new_incident: 1 },
        msg: 'delivery recorded',
      },
    ]);
  });

  it('still censors secrets under their own names and request headers', () => {
    const { log, lines, raw } = memoryLogger();
    hotPathLogger(log).info(
      { token: 's3cr3t-1', password: 's3cr3t-2', headers: { authorization: 'Bearer s3cr3t-3', 'x-api-key': 's3cr3t-4' }, req: { headers: { cookie: 's3cr3t-5' } } },
      'oops',
    );
    expect(raw()).not.toMatch(/s3cr3t/);
    expect(lines()[0]).toMatchObject({ token: '[redacted]', password: '[redacted]', headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } });
  });

  it('leaves the logger it was made from censoring nested secrets', () => {
    const { log, raw } = memoryLogger();
    hotPathLogger(log);
    log.info({ config: { slack: { botToken: 's3cr3t-6' } } }, 'configured');
    expect(raw()).not.toMatch(/s3cr3t/);
  });
});
