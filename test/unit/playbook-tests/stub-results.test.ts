import { restartPlaybook, runFile, writeFiles } from './playbook-test-harness';

/** One case against restartPlaybook with the given stubs and run expectation (YAML, indented under `runs:`). */
const suite = (stubs: string, run: string) => `cases:
  - name: case
    alerts:
      - labels: { alertname: ApiDown, service: api, severity: critical }
    stubs:
${stubs}
    expect:
      runs:
${run}
`;

describe('stubbed action results', () => {
  let files: ReturnType<typeof writeFiles> | undefined;
  afterEach(() => files?.cleanup());

  const run = async (stubs: string, expectation: string) => {
    files = writeFiles({ 'restart-api.yaml': restartPlaybook, 'x.test.yaml': suite(stubs, expectation) });
    const result = await runFile(files.dir, 'x.test.yaml');
    expect(result.errors).toEqual([]);
    return result.cases[0]!;
  };

  it('succeed: the output is checkpointed and rendered into later steps', async () => {
    const c = await run(
      '      restart: { result: succeed, output: { code: 204 } }',
      '        - { status: succeeded, steps: { restart: { output: { code: 204 } }, verify: { input: { url: "http://checker.internal/api?after=204" } } } }',
    );
    expect(c.failures).toEqual([]);
  });

  it('fail (permanent): one attempt, then the compensations of completed steps newest first, then on_failure (run compensated)', async () => {
    const c = await run(
      '      restart: { result: fail, message: "409 conflict" }',
      [
        '        - status: compensated',
        '          executed: [drain, restart, undrain, tell]',
        '          recovery: [undrain, tell]',
        '          steps:',
        '            restart: { status: failed, attempts: 1, error: 409 conflict }',
        '            undrain: { status: succeeded, input: { text: undraining api } }',
        '            verify: { status: pending }',
      ].join('\n'),
    );
    expect(c.failures).toEqual([]);
  });

  it('a failure after a step succeeded compensates that step first', async () => {
    const c = await run(
      ['      restart: { result: succeed, output: { code: 202 } }', '      verify: { result: fail, message: still down }'].join('\n'),
      [
        '        - status: compensated',
        '          recovery: [unrestart, undrain, tell]',
        '          steps: { unrestart: { input: { text: restart of api returned 202 } } }',
      ].join('\n'),
    );
    expect(c.failures).toEqual([]);
  });

  it('fail (retryable): retried as the step says, per attempt from a list, without waiting for the backoff', async () => {
    const started = Date.now();
    const c = await run(
      ['      restart:', '        - { result: fail, retryable: true }', '        - { result: fail, retryable: true, message: again }', '        - { result: succeed, output: { code: 200 } }'].join('\n'),
      '        - { status: succeeded, steps: { restart: { status: succeeded, attempts: 3 } } }',
    );
    expect(c.failures).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000); // the declared backoff alone is 10 s + 20 s
  });

  it('timeout: every attempt times out (the 5m timeout is not waited for) and the step fails', async () => {
    const c = await run(
      '      http: { result: timeout }',
      ['        - status: compensated', '          recovery: [undrain, tell]', '          steps: { restart: { status: failed, attempts: 3 } }'].join('\n'),
    );
    expect(c.failures).toEqual([]);
  });

  it('a with: that fails the real action input schema keeps the playbook from loading, as on the server: no case runs', async () => {
    files = writeFiles({
      'p.yaml': `name: bad-input\nmode: auto\nmatch: ['alertname="ApiDown"']\nsteps:\n  - id: poke\n    action: http\n    with: { method: FETCH, url: "http://x.internal/" }\n`,
      'x.test.yaml': `cases:\n  - name: c\n    alerts: [{ labels: { alertname: ApiDown } }]\n    expect: { runs: [] }\n`,
    });
    const result = await runFile(files.dir, 'x.test.yaml');
    expect(result.cases).toEqual([]);
    expect(result.errors.map((e) => `${e.file.endsWith('p.yaml')} ${e.line} ${e.path}`)).toEqual(['true 7 steps[0].with.method']);
  });

  it('an input that renders invalid for the real action schema fails the step before the stub is called', async () => {
    files = writeFiles({
      'p.yaml': `name: poke\nmode: auto\nmatch: ['alertname="ApiDown"']\nsteps:\n  - id: poke\n    action: http\n    with: { method: POST, url: "{{ labels.target }}" }\n`,
      'x.test.yaml': `cases:\n  - name: c\n    alerts: [{ labels: { alertname: ApiDown, target: "not a url" } }]\n    expect:\n      runs:\n        - { status: failed, executed: [], steps: { poke: { status: failed, attempts: 0, error: "invalid input for http at with.url" } } }\n`,
    });
    const result = await runFile(files.dir, 'x.test.yaml');
    expect(result.errors).toEqual([]);
    expect(result.cases[0]!.failures).toEqual([]);
  });

  it('an expectation about a stubbed result can fail: the diff shows the actual attempts', async () => {
    const c = await run('      restart: { result: fail, message: nope }', '        - { steps: { restart: { attempts: 2 } } }');
    expect(c.failures).toEqual([{ path: ['expect', 'runs', 0, 'steps', 'restart', 'attempts'], line: 9, expected: 2, actual: 1 }]);
  });
});
