import fs from 'node:fs';
import path from 'node:path';
import { formatPlaybookTestReport } from '../../../src/playbook-tests/format-playbook-test-report';
import { restartPlaybook, runFile, writeFiles } from './playbook-test-harness';

const fire = (service: string, extra = '') => `      - labels: { alertname: ApiDown, service: ${service}${extra} }\n`;

describe('runPlaybookTestFile', () => {
  let files: ReturnType<typeof writeFiles> | undefined;
  afterEach(() => files?.cleanup());

  it('passes a suite whose expectations hold: match, non-match, rendered inputs, steps run and skipped', async () => {
    files = writeFiles({
      'restart-api.yaml': restartPlaybook,
      'restart-api.test.yaml': `
cases:
  - name: restarts the api
    alerts:
${fire('api', ', severity: critical')}    stubs:
      restart: { result: succeed, output: { code: 202 } }
    expect:
      matched: [restart-api]
      runs:
        - playbook: restart-api
          status: succeeded
          executed: [drain, restart, verify]
          skipped: []
          recovery: []
          guardrail: none
          steps:
            drain: { input: { text: draining api } }
            restart: { status: succeeded, attempts: 1, output: { code: 202 }, input: { method: POST, url: "http://deployer.internal/restart/api" } }
            verify: { input: { url: "http://checker.internal/api?after=202" } }
  - name: skips verify for a warning
    alerts:
${fire('api', ', severity: warning')}    expect:
      runs:
        - { status: succeeded, executed: [drain, restart], skipped: [verify] }
  - name: other alerts do not match
    alerts:
      - labels: { alertname: DiskFull }
    expect:
      not_matched: [restart-api]
      runs: []
`,
    });
    const result = await runFile(files.dir, 'restart-api.test.yaml');
    expect(result.errors).toEqual([]);
    expect(result.cases.map((c) => [c.name, c.failures, c.error])).toEqual([
      ['restarts the api', [], undefined],
      ['skips verify for a warning', [], undefined],
      ['other alerts do not match', [], undefined],
    ]);
  });

  it('fails a suite whose expectations do not hold, with a diff per assertion naming the case, path and line', async () => {
    files = writeFiles({
      'restart-api.yaml': restartPlaybook,
      'broken.test.yaml': `cases:
  - name: wrong expectations
    alerts:
${fire('api')}    expect:
      matched: [restart-api, nonexistent]
      not_matched: [restart-api]
      runs:
        - status: failed
          steps:
            drain: { input: { text: draining web } }
`,
    });
    const result = await runFile(files.dir, 'broken.test.yaml');
    const report = formatPlaybookTestReport([{ ...result, file: 'broken.test.yaml' }]).join('\n');
    // The case's duration varies; everything else is exact.
    expect(report.replace(/, \d+ ms\)/, ', N ms)')).toBe(
      [
        'FAIL broken.test.yaml',
        '  ✗ wrong expectations (broken.test.yaml:2, N ms)',
        '    expect.matched[1] (broken.test.yaml:6)',
        '      expected: "nonexistent matches"',
        '      actual:   "nonexistent was not loaded or saw no alert"',
        '    expect.not_matched[0] (broken.test.yaml:7)',
        '      expected: "restart-api does not match"',
        '      actual:   "restart-api matched"',
        '    expect.runs[0].status (broken.test.yaml:9)',
        '      expected: "failed"',
        '      actual:   "succeeded"',
        '    expect.runs[0].steps.drain.input.text (broken.test.yaml:11)',
        '      expected: "draining web"',
        '      actual:   "draining api"',
        '',
        '1 file(s), 1 case(s): 0 passed, 1 failed',
      ].join('\n'),
    );
  });

  it('says why a playbook expected to match did not', async () => {
    files = writeFiles({
      'restart-api.yaml': restartPlaybook,
      'x.test.yaml': `cases:\n  - name: c\n    alerts:\n      - labels: { alertname: DiskFull }\n    expect: { matched: [restart-api] }\n`,
    });
    const result = await runFile(files.dir, 'x.test.yaml');
    expect(result.cases[0]!.failures).toEqual([
      { path: ['expect', 'matched', 0], line: 5, expected: 'restart-api matches', actual: 'no match: matcher alertname="ApiDown" failed: alertname="DiskFull"' },
    ]);
  });

  it('reports an invalid test file at its line instead of running it', async () => {
    files = writeFiles({
      'restart-api.yaml': restartPlaybook,
      'bad.test.yaml': `cases:\n  - name: c\n    alerts: []\n    stubs: { restart: { result: explode } }\n    expect: { runz: [] }\n`,
    });
    const result = await runFile(files.dir, 'bad.test.yaml');
    expect(result.cases).toEqual([]);
    expect(result.errors.map((e) => `${e.line} ${e.path}: ${e.message}`)).toEqual([
      '3 cases[0].alerts: must list at least one alert or webhook',
      expect.stringMatching(/^4 cases\[0\]\.stubs\.restart/),
      '5 cases[0].expect.runz: unknown key',
    ]);
  });

  it('reads a webhook body file relative to the test file, through the real Alertmanager parser', async () => {
    const body = {
      version: '4',
      receiver: 'mendbot',
      status: 'firing',
      groupKey: '{}:{alertname="ApiDown"}',
      groupLabels: { alertname: 'ApiDown' },
      commonLabels: { alertname: 'ApiDown' },
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts: ['api', 'web'].map((service) => ({
        status: 'firing',
        labels: { alertname: 'ApiDown', service },
        annotations: {},
        startsAt: '2026-01-05T08:59:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
      })),
    };
    files = writeFiles({
      'restart-api.yaml': restartPlaybook,
      'body.json': JSON.stringify(body),
      'broken.json': '{"version": "4"}',
      'hook.test.yaml': `cases:
  - name: one group, one incident, one run for the first alert
    alerts:
      - webhook: body.json
    expect:
      runs:
        - { status: succeeded, steps: { drain: { input: { text: draining api } } } }
  - name: a body the parser refuses fails the case
    alerts:
      - webhook: broken.json
    expect: {}
`,
    });
    const result = await runFile(files.dir, 'hook.test.yaml');
    expect(result.cases[0]!.failures).toEqual([]);
    expect(result.cases[1]!.failures).toEqual([
      expect.objectContaining({ path: ['alerts', 0], line: 10, expected: 'the delivery to be accepted', actual: expect.stringMatching(/^alerts\[0\]: /) }),
    ]);
  });

  it('posts a PagerDuty webhook body file to the PagerDuty source; playbooks restricted to a source see only its alerts', async () => {
    const body = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'pagerduty-incident-triggered.json'), 'utf8');
    files = writeFiles({
      'page.yaml': `name: page-ack\nmode: auto\nsource: pagerduty\nmatch: ['urgency="high"']\nsteps:\n  - id: ack\n    action: notify\n    with: { text: "{{ labels.alertname }}" }\n`,
      'restart-api.yaml': restartPlaybook,
      'pd.json': body,
      'pd.test.yaml': `cases:
  - name: a PagerDuty incident
    alerts:
      - { webhook: pd.json, source: pagerduty }
    expect:
      matched: [page-ack]
      not_matched: [restart-api]
      runs: [{ playbook: page-ack, status: succeeded, executed: [ack] }]
`,
    });
    const result = await runFile(files.dir, 'pd.test.yaml');
    expect(result.errors).toEqual([]);
    expect(result.cases[0]!.failures).toEqual([]);
  });
});
