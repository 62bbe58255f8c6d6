import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/config/config-error';
import { loadConfig } from '../../../src/config/load-config';

describe('loadConfig with a MENDBOT_CONFIG YAML file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-config-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeYaml(text: string): string {
    const file = path.join(dir, 'mendbot.yaml');
    fs.writeFileSync(file, text);
    return file;
  }

  function problemsOf(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    throw new Error('expected loadConfig to throw a ConfigError');
  }

  const fullFile = [
    'correlation:',
    '  alertmanager: "{{ labels.alertname }}/{{ labels.service }}"',
    '  pagerduty: "{{ labels.service }}"',
    'lifecycle:',
    '  reopenWindow: 10m',
    '  flappingThreshold: 5',
    '  flappingWindow: 1h',
    'alertmanager:',
    '  token: yaml-token',
    '  basicAuth: { username: am, password: yaml-pass }',
    'pagerduty:',
    '  webhookSecrets: [one, two]',
    '',
  ].join('\n');

  it('merges the file into the configuration', () => {
    const file = writeYaml(fullFile);
    const config = loadConfig({ MENDBOT_CONFIG: file });
    expect(config).toMatchObject({
      configFile: file,
      correlation: { alertmanager: '{{ labels.alertname }}/{{ labels.service }}', pagerduty: '{{ labels.service }}' },
      lifecycle: { reopenWindowMs: 600_000, flappingThreshold: 5, flappingWindowMs: 3_600_000 },
      alertmanager: { token: 'yaml-token', basicAuth: { username: 'am', password: 'yaml-pass' } },
      pagerduty: { webhookSecrets: ['one', 'two'] },
    });
  });

  it('lets env vars win over the file, setting by setting', () => {
    const file = writeYaml(fullFile);
    const config = loadConfig({
      MENDBOT_CONFIG: file,
      MENDBOT_REOPEN_WINDOW: '1m',
      MENDBOT_CORRELATION_PAGERDUTY: '{{ source }}',
      PAGERDUTY_WEBHOOK_SECRETS: 'from-env',
      ALERTMANAGER_BASIC_AUTH: 'env:pass',
    });
    expect(config.lifecycle).toEqual({ reopenWindowMs: 60_000, flappingThreshold: 5, flappingWindowMs: 3_600_000 });
    expect(config.correlation).toEqual({ alertmanager: '{{ labels.alertname }}/{{ labels.service }}', pagerduty: '{{ source }}' });
    expect(config.pagerduty.webhookSecrets).toEqual(['from-env']);
    expect(config.alertmanager).toEqual({ token: 'yaml-token', basicAuth: { username: 'env', password: 'pass' } });
  });

  it('accepts an empty file and empty sections', () => {
    expect(loadConfig({ MENDBOT_CONFIG: writeYaml('# nothing yet\n') }).lifecycle.flappingThreshold).toBe(4);
    expect(loadConfig({ MENDBOT_CONFIG: writeYaml('lifecycle:\ncorrelation:\n') }).correlation).toEqual({});
  });

  it('reads through the injected readFile', () => {
    const config = loadConfig({ MENDBOT_CONFIG: 'virtual.yaml' }, { readFile: () => 'lifecycle: { flappingThreshold: 3 }' });
    expect(config.lifecycle.flappingThreshold).toBe(3);
  });

  describe('when the file is not valid YAML', () => {
    it('reports the line and column', () => {
      const file = writeYaml('lifecycle:\n  reopenWindow: 5m\n  flappingWindow: [30m\ncorrelation: {}\n');
      expect(problemsOf({ MENDBOT_CONFIG: file })).toEqual([expect.stringMatching(new RegExp(`^${escape(file)}:4:1 invalid YAML: .*; fix the syntax in MENDBOT_CONFIG$`))]);
    });

    it('reports a duplicate key where it stands', () => {
      const file = writeYaml('lifecycle:\n  reopenWindow: 5m\n  reopenWindow: 6m\n');
      expect(problemsOf({ MENDBOT_CONFIG: file })).toEqual([expect.stringMatching(new RegExp(`^${escape(file)}:3:3 invalid YAML: Map keys must be unique`))]);
    });
  });

  describe('when the file does not fit the schema', () => {
    it('reports every bad value with its line:column and key path, alongside env problems', () => {
      const file = writeYaml(
        ['lifecycle:', '  reopenWindow: 5 minutes', '  flapingWindow: 3m', '  flappingThreshold: 1', 'pagerduty:', '  webhookSecrets: [ok, 42]', ''].join('\n'),
      );
      expect(problemsOf({ MENDBOT_CONFIG: file, PORT: 'abc' })).toEqual([
        'PORT: "abc" is not a port number (0-65535); set PORT=8080',
        `${file}:2:17 lifecycle.reopenWindow: "5 minutes" is not a duration (250ms, 30s, 5m, 2h, 1d, 1h30m or plain milliseconds); write e.g. reopenWindow: 5m`,
        `${file}:4:22 lifecycle.flappingThreshold: must be an integer ≥ 2`,
        `${file}:3:3 lifecycle.flapingWindow: unknown key; did you mean flappingWindow? (allowed: reopenWindow, flappingThreshold, flappingWindow)`,
        `${file}:6:24 pagerduty.webhookSecrets.1: must be a string (quote it)`,
      ]);
    });

    it('rejects a file that is not a mapping', () => {
      expect(problemsOf({ MENDBOT_CONFIG: writeYaml('- one\n- two\n') })).toEqual([expect.stringMatching(/:1:1 \(top level\): must be a mapping of settings/)]);
    });

    it('rejects an unknown top-level section', () => {
      expect(problemsOf({ MENDBOT_CONFIG: writeYaml('corelation:\n  alertmanager: x\n') })).toEqual([
        expect.stringMatching(/:1:1 corelation: unknown key; did you mean correlation\?/),
      ]);
    });
  });

  it('reports a file that cannot be read', () => {
    const missing = path.join(dir, 'missing.yaml');
    expect(problemsOf({ MENDBOT_CONFIG: missing })).toEqual([
      expect.stringMatching(new RegExp(`^MENDBOT_CONFIG: cannot read "${escape(missing)}" \\(ENOENT.*\\); fix the path or unset MENDBOT_CONFIG$`)),
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
