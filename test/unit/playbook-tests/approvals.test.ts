import { runFile, writeFiles } from './playbook-test-harness';

const playbook = `name: gated
mode: approval
approvers: ["@sre-oncall", U024BE7LH]
approval: { expires: 30m, on_expiry: escalate }
match: ['alertname="ApiDown"']
steps:
  - id: poke
    action: notify
    with: { text: poke }
on_failure:
  - id: page
    action: notify
    with: { text: nobody approved }
`;

const suite = (decision: string, run: string) => `cases:
  - name: case
    alerts: [{ labels: { alertname: ApiDown } }]
${decision}
    expect:
      runs:
        - ${run}
`;

describe('approvals in playbook tests', () => {
  let files: ReturnType<typeof writeFiles> | undefined;
  afterEach(() => files?.cleanup());

  it.each([
    ['unset: the run waits', '', '{ status: waiting_approval, approval: waiting, executed: [] }'],
    ['approve: true', '    approve: true', '{ status: succeeded, approval: approved, executed: [approval, poke], steps: { approval: { output: { approvedBy: "@sre-oncall" } } } }'],
    ['approve: true by a named approver', '    approve: true\n    approver: U024BE7LH', '{ status: succeeded, steps: { approval: { output: { approvedBy: U024BE7LH } } } }'],
    ['approve: false', '    approve: false', '{ status: cancelled, approval: rejected, executed: [] }'],
    ['approve: expire (on_expiry escalate)', '    approve: expire', '{ status: failed, approval: expired, recovery: [page], steps: { poke: { status: pending }, page: { status: succeeded } } }'],
  ])('%s', async (_name, decision, run) => {
    files = writeFiles({ 'gated.yaml': playbook, 'x.test.yaml': suite(decision, run) });
    const result = await runFile(files.dir, 'x.test.yaml');
    expect(result.errors).toEqual([]);
    expect(result.cases[0]!.failures).toEqual([]);
  });

  it('someone who is not an approver cannot decide: the case errors with the service refusal', async () => {
    files = writeFiles({ 'gated.yaml': playbook, 'x.test.yaml': suite('    approve: true\n    approver: mallory', '{ status: succeeded }') });
    const result = await runFile(files.dir, 'x.test.yaml');
    expect(result.cases[0]!.error).toMatch(/mallory may not approve runs of gated/);
  });
});
