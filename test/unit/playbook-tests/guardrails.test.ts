import { restartPlaybook, runFile, writeFiles } from './playbook-test-harness';

const alert = (service: string, after: string) => `      - labels: { alertname: ApiDown, service: ${service} }\n        after: ${after}\n`;

describe('guardrails in playbook tests', () => {
  let files: ReturnType<typeof writeFiles> | undefined;
  afterEach(() => files?.cleanup());

  it('the third alert within an hour is refused by maxRunsPerHour 2; an hour later one runs again', async () => {
    files = writeFiles({
      'restart-api.yaml': restartPlaybook,
      'budget.test.yaml': `cases:
  - name: budget
    alerts:
${alert('api', '0s')}${alert('web', '10m')}${alert('worker', '10m')}${alert('cron', '61m')}    expect:
      runs:
        - { status: succeeded, guardrail: none }
        - { status: succeeded, guardrail: none }
        - { status: cancelled, guardrail: budget, executed: [], reason: "budget: 2 runs of restart-api started in the last hour (maxRunsPerHour 2)" }
        - { status: succeeded, guardrail: none, steps: { drain: { input: { text: draining cron } } } }
`,
    });
    const result = await runFile(files.dir, 'budget.test.yaml');
    expect(result.errors).toEqual([]);
    expect(result.cases[0]!.failures).toEqual([]);
  });

  it('an expectation that the budget allowed the third run fails with the guardrail that refused it', async () => {
    files = writeFiles({
      'restart-api.yaml': restartPlaybook,
      'budget.test.yaml': `cases:
  - name: budget
    alerts:
${alert('api', '0s')}${alert('web', '1m')}${alert('worker', '1m')}    expect:
      runs:
        - {}
        - {}
        - { status: succeeded, guardrail: none }
`,
    });
    const result = await runFile(files.dir, 'budget.test.yaml');
    expect(result.cases[0]!.failures).toEqual([
      { path: ['expect', 'runs', 2, 'status'], line: 14, expected: 'succeeded', actual: 'cancelled' },
      { path: ['expect', 'runs', 2, 'guardrail'], line: 14, expected: 'none', actual: 'budget' },
    ]);
  });
});
