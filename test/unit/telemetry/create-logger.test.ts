import { Writable } from 'node:stream';
import { createLogger } from '../../../src/telemetry/create-logger';

/** A logger writing into memory, and the JSON lines it wrote. */
function memoryLogger(level = 'info') {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level, stream });
  const lines = (): Array<Record<string, unknown>> =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, raw: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes one JSON object per line with service, ISO time and the level name', () => {
    const { log, lines } = memoryLogger();
    log.info({ incidentId: 'inc_1' }, 'incident opened');
    expect(lines()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        service: 'mendbot',
        incidentId: 'inc_1',
        msg: 'incident opened',
      },
    ]);
  });

  it('drops lines below the configured level', () => {
    const { log, lines } = memoryLogger('warn');
    log.info('quiet');
    log.warn('loud');
    expect(lines().map((l) => l.msg)).toEqual(['loud']);
  });

  describe('redaction', () => {
    it('censors authorization and signature headers of a request', () => {
      const { log, lines, raw } = memoryLogger();
      log.info(
        {
          req: { headers: { authorization: 'Bearer s3cr3t-bearer', 'x-pagerduty-signature': 'v1=s3cr3t-sig', host: 'mendbot' } },
          headers: { authorization: 'Basic s3cr3t-basic', 'x-slack-signature': 'v0=s3cr3t-slack' },
        },
        'request',
      );
      expect(raw()).not.toMatch(/s3cr3t/);
      expect(lines()[0]).toMatchObject({
        req: { headers: { authorization: '[redacted]', 'x-pagerduty-signature': '[redacted]', host: 'mendbot' } },
        headers: { authorization: '[redacted]', 'x-slack-signature': '[redacted]' },
      });
    });

    it('censors token, password and secret fields, top-level and nested', () => {
      const { log, lines, raw } = memoryLogger();
      log.info(
        {
          token: 's3cr3t-1',
          alertmanager: { token: 's3cr3t-2', password: 's3cr3t-3' },
          config: { slack: { botToken: 's3cr3t-4', signingSecret: 's3cr3t-5' }, pagerduty: { webhookSecrets: ['s3cr3t-6'] } },
          jira: { apiToken: 's3cr3t-7' },
          github: { repository: 'acme/incidents' },
        },
        'configured',
      );
      expect(raw()).not.toMatch(/s3cr3t/);
      expect(lines()[0]).toMatchObject({
        token: '[redacted]',
        alertmanager: { token: '[redacted]', password: '[redacted]' },
        config: { slack: { botToken: '[redacted]', signingSecret: '[redacted]' }, pagerduty: { webhookSecrets: '[redacted]' } },
        jira: { apiToken: '[redacted]' },
        github: { repository: 'acme/incidents' },
      });
    });

    it('applies to child loggers too', () => {
      const { log, raw } = memoryLogger();
      log.child({ runId: 'run_1' }).info({ secret: 's3cr3t' }, 'step');
      expect(raw()).not.toMatch(/s3cr3t/);
      expect(raw()).toMatch(/"runId":"run_1"/);
    });
  });
});
