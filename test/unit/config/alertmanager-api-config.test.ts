import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/config/config-error';
import { loadConfig } from '../../../src/config/load-config';

function problemsOf(env: Record<string, string | undefined>, readFile?: (p: string) => string): string[] {
  try {
    loadConfig(env, readFile ? { readFile } : {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('Alertmanager API settings (ALERTMANAGER_URL and friends)', () => {
  let dir: string;
  let tokenFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-am-config-'));
    tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'secret-token\n');
    for (const name of ['ca.crt', 'client.crt', 'client.key']) fs.writeFileSync(path.join(dir, name), 'PEM');
    fs.writeFileSync(path.join(dir, 'empty'), '\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is off without ALERTMANAGER_URL', () => {
    expect(loadConfig({}).alertmanagerApi).toBeUndefined();
  });

  it('defaults to a 5s timeout, reconciling every 60s with a 5m grace', () => {
    expect(loadConfig({ ALERTMANAGER_URL: 'http://alertmanager:9093/' }).alertmanagerApi).toEqual({
      urls: ['http://alertmanager:9093'],
      timeoutMs: 5_000,
      reconcileIntervalMs: 60_000,
      reconcileGraceMs: 300_000,
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      ALERTMANAGER_URL: ' https://am-0.example.com:9093 , https://am-1.example.com:9093/alertmanager/ ',
      ALERTMANAGER_EXTERNAL_URL: 'https://alertmanager.example.com/',
      ALERTMANAGER_API_TIMEOUT: '2s',
      ALERTMANAGER_API_BEARER_TOKEN_FILE: tokenFile,
      ALERTMANAGER_API_CA_FILE: path.join(dir, 'ca.crt'),
      ALERTMANAGER_API_CERT_FILE: path.join(dir, 'client.crt'),
      ALERTMANAGER_API_KEY_FILE: path.join(dir, 'client.key'),
      ALERTMANAGER_API_INSECURE_SKIP_VERIFY: 'FALSE',
      ALERTMANAGER_RECONCILE_INTERVAL: '0',
      ALERTMANAGER_RECONCILE_GRACE: '10m',
    });
    expect(config.alertmanagerApi).toEqual({
      urls: ['https://am-0.example.com:9093', 'https://am-1.example.com:9093/alertmanager'],
      externalUrl: 'https://alertmanager.example.com',
      timeoutMs: 2_000,
      reconcileIntervalMs: 0,
      reconcileGraceMs: 600_000,
      auth: { type: 'bearer', token: { file: tokenFile } },
      tls: { caFile: path.join(dir, 'ca.crt'), certFile: path.join(dir, 'client.crt'), keyFile: path.join(dir, 'client.key'), insecureSkipVerify: false },
    });
  });

  it('reads basic auth, the password given directly or as a file', () => {
    expect(loadConfig({ ALERTMANAGER_URL: 'http://am:9093', ALERTMANAGER_API_USERNAME: 'mendbot', ALERTMANAGER_API_PASSWORD: 'pw' }).alertmanagerApi?.auth).toEqual({
      type: 'basic',
      username: 'mendbot',
      password: { value: 'pw' },
    });
    expect(loadConfig({ ALERTMANAGER_URL: 'http://am:9093', ALERTMANAGER_API_USERNAME: 'mendbot', ALERTMANAGER_API_PASSWORD_FILE: tokenFile }).alertmanagerApi?.auth).toEqual({
      type: 'basic',
      username: 'mendbot',
      password: { file: tokenFile },
    });
  });

  it.each([
    ['ftp://am:9093', /is not http: or https:/],
    ['http://am:9093/api/v2', /without \/api\/v2/],
    ['http://am:9093/?x=1', /must not have a query/],
    ['http://user:pw@am:9093', /credentials do not belong in the URL/],
    ['http://am:9093,http://am:9093/', /listed twice/],
    ['not a url', /is not a URL/],
  ])('refuses ALERTMANAGER_URL=%s', (value, why) => {
    const problems = problemsOf({ ALERTMANAGER_URL: value });
    expect(problems).toEqual([expect.stringMatching(/^ALERTMANAGER_URL: /)]);
    expect(problems[0]).toMatch(why);
  });

  it('reports every problem at once: conflicting auth, half a client certificate, unreadable files, bad durations', () => {
    const problems = problemsOf({
      ALERTMANAGER_URL: 'http://am:9093',
      ALERTMANAGER_API_BEARER_TOKEN: 'tok',
      ALERTMANAGER_API_USERNAME: 'mendbot',
      ALERTMANAGER_API_PASSWORD: 'pw',
      ALERTMANAGER_API_CERT_FILE: path.join(dir, 'client.crt'),
      ALERTMANAGER_API_CA_FILE: path.join(dir, 'missing.crt'),
      ALERTMANAGER_API_INSECURE_SKIP_VERIFY: 'yes',
      ALERTMANAGER_RECONCILE_INTERVAL: '500ms',
      ALERTMANAGER_API_TIMEOUT: '0',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ALERTMANAGER_API_BEARER_TOKEN: set together with basic auth/),
        expect.stringMatching(/^ALERTMANAGER_API_CERT_FILE and ALERTMANAGER_API_KEY_FILE: a client certificate needs both/),
        expect.stringMatching(/^ALERTMANAGER_API_CA_FILE: cannot read .*missing\.crt.*ENOENT/),
        expect.stringMatching(/^ALERTMANAGER_API_INSECURE_SKIP_VERIFY: "yes" is not true or false/),
        expect.stringMatching(/^ALERTMANAGER_RECONCILE_INTERVAL: "500ms" is not 0 \(off\) or a duration/),
        expect.stringMatching(/^ALERTMANAGER_API_TIMEOUT: "0" is not a positive duration/),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('refuses a secret given both directly and as a file, an empty secret file, and half of basic auth', () => {
    expect(problemsOf({ ALERTMANAGER_URL: 'http://am:9093', ALERTMANAGER_API_BEARER_TOKEN: 't', ALERTMANAGER_API_BEARER_TOKEN_FILE: tokenFile })).toEqual([
      'ALERTMANAGER_API_BEARER_TOKEN and ALERTMANAGER_API_BEARER_TOKEN_FILE: both set; give the secret one way only',
    ]);
    expect(problemsOf({ ALERTMANAGER_URL: 'http://am:9093', ALERTMANAGER_API_BEARER_TOKEN_FILE: path.join(dir, 'empty') })).toEqual([
      expect.stringMatching(/^ALERTMANAGER_API_BEARER_TOKEN_FILE: ".*empty" is empty$/),
    ]);
    expect(problemsOf({ ALERTMANAGER_URL: 'http://am:9093', ALERTMANAGER_API_USERNAME: 'mendbot' })).toEqual([expect.stringMatching(/^ALERTMANAGER_API_PASSWORD: not set, but ALERTMANAGER_API_USERNAME is/)]);
    expect(problemsOf({ ALERTMANAGER_URL: 'http://am:9093', ALERTMANAGER_API_PASSWORD: 'pw' })).toEqual([expect.stringMatching(/^ALERTMANAGER_API_USERNAME: not set/)]);
  });

  it('never shows a secret value in a problem', () => {
    const problems = problemsOf({ ALERTMANAGER_URL: 'http://am:9093', ALERTMANAGER_API_PASSWORD: 'hunter2-secret' });
    expect(problems.join('\n')).not.toContain('hunter2-secret');
  });

  it('refuses Alertmanager API settings without ALERTMANAGER_URL, which would silently do nothing', () => {
    expect(problemsOf({ ALERTMANAGER_API_TIMEOUT: '2s', ALERTMANAGER_RECONCILE_GRACE: '1m' })).toEqual([
      'ALERTMANAGER_URL: not set, but ALERTMANAGER_API_TIMEOUT, ALERTMANAGER_RECONCILE_GRACE are; set ALERTMANAGER_URL=http://alertmanager:9093 or unset the others',
    ]);
  });
});

describe('unknown Alertmanager API variables', () => {
  it('flags a typo in an ALERTMANAGER_API_* or ALERTMANAGER_RECONCILE_* name, suggesting the right one', () => {
    expect(problemsOf({ ALERTMANAGER_URL: 'http://am:9093', ALERTMANAGER_API_TIMOUT: '2s', ALERTMANAGER_RECONCILE_GRACE_PERIOD: '1m' })).toEqual([
      'ALERTMANAGER_API_TIMOUT: not a mendbot setting; did you mean ALERTMANAGER_API_TIMEOUT? (rename or remove it)',
      expect.stringMatching(/^ALERTMANAGER_RECONCILE_GRACE_PERIOD: not a mendbot setting/),
    ]);
  });

  it('leaves other ALERTMANAGER_* variables alone', () => {
    expect(() => loadConfig({ ALERTMANAGER_HOST: 'am', ALERTMANAGER_PORT: 'tcp://10.0.0.1:9093' })).not.toThrow();
  });
});

describe('Kubernetes service links with our prefixes', () => {
  it('does not mistake the variables a Service named alertmanager-api injects for typos', () => {
    expect(() =>
      loadConfig({ ALERTMANAGER_API_SERVICE_HOST: '10.0.0.9', ALERTMANAGER_API_SERVICE_PORT: '9093', ALERTMANAGER_API_PORT: 'tcp://10.0.0.9:9093', ALERTMANAGER_API_PORT_9093_TCP_ADDR: '10.0.0.9' }),
    ).not.toThrow();
  });
});
