import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../../src/cli/cli-command';
import { testCommand } from '../../../src/cli/test-command';

const root = path.join(__dirname, '..', '..', '..');

function io(cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd };
  return { io: value, out, err };
}

const playbook = `name: poke
mode: auto
match: ['alertname="Poke"']
limits: { cooldown: 10m }
steps:
  - id: poke
    action: http
    with: { method: POST, url: "http://target.internal/{{ labels.instance }}" }
`;

describe('mendbot test', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-test-cmd-'));
    fs.writeFileSync(path.join(dir, 'poke.yaml'), playbook);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes the test files shipped with the example playbooks (what CI runs)', async () => {
    const t = io(root);
    const code = await testCommand.run(['playbooks'], t.io);
    expect({ code, out: t.out.join('\n'), err: t.err }).toEqual({ code: 0, out: expect.stringMatching(/\n3 file\(s\), \d+ case\(s\): \d+ passed, 0 failed$/), err: [] });
    for (const name of ['clean-disk-dry-run', 'restart-crashlooping-deployment', 'rollback-checkout-on-high-error-rate']) {
      expect(t.out).toContain(`PASS playbooks/${name}.test.yaml`);
    }
  });

  it('exits 1 on a failing case, prints the diff and writes JUnit XML with the failure count', async () => {
    fs.writeFileSync(
      path.join(dir, 'poke.test.yaml'),
      `cases:
  - name: pokes the instance
    alerts:
      - labels: { alertname: Poke, instance: a }
    expect:
      runs: [{ status: succeeded, steps: { poke: { input: { url: "http://target.internal/a" } } } }]
  - name: a second poke within the cooldown is refused
    alerts:
      - labels: { alertname: Poke, instance: a }
      - labels: { alertname: Poke, instance: a }
        status: resolved
        after: 1m
      - labels: { alertname: Poke, instance: a }
        starts_at: "2026-01-05T09:07:00Z"
        after: 6m
    expect:
      runs:
        - { status: succeeded }
        - { status: succeeded }
`,
    );
    const t = io(dir);
    const code = await testCommand.run(['.', '--junit', 'junit.xml'], t.io);
    expect(code).toBe(1);
    const out = t.out.join('\n');
    expect(out).toContain('FAIL poke.test.yaml');
    expect(out).toMatch(/ {2}✓ pokes the instance \(poke\.test\.yaml:2, \d+ ms\)/);
    expect(out).toMatch(/ {2}✗ a second poke within the cooldown is refused \(poke\.test\.yaml:7, \d+ ms\)/);
    expect(out).toContain(['    expect.runs[1].status (poke.test.yaml:19)', '      expected: "succeeded"', '      actual:   "cancelled"'].join('\n'));
    expect(out).toContain('1 file(s), 2 case(s): 1 passed, 1 failed');
    const xml = fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    expect(xml).toContain('<testsuites name="mendbot test" tests="2" failures="1">');
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });

  it('defaults to PLAYBOOKS_DIR', async () => {
    fs.writeFileSync(path.join(dir, 'poke.test.yaml'), `cases:\n  - name: c\n    alerts: [{ labels: { alertname: Poke, instance: a } }]\n    expect: { matched: [poke] }\n`);
    const t = io(root, { PLAYBOOKS_DIR: dir });
    expect(await testCommand.run([], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('1 file(s), 1 case(s): 1 passed, 0 failed');
  });

  it('exits 1 when an invalid test file is given, with its errors located', async () => {
    fs.writeFileSync(path.join(dir, 'poke.test.yaml'), 'cases:\n  - name: c\n');
    const t = io(dir);
    expect(await testCommand.run(['poke.test.yaml'], t.io)).toBe(1);
    expect(t.out).toEqual(expect.arrayContaining(['FAIL poke.test.yaml', '  poke.test.yaml:2:5 cases[0].alerts: required']));
  });

  it('exits 1 when there is no test file to run', async () => {
    const t = io(dir);
    expect(await testCommand.run(['.'], t.io)).toBe(1);
    expect(t.err.join('\n')).toMatch(/no \*\.test\.yaml files/);
  });

  it.each([
    [['--frobnicate'], /unknown option --frobnicate/],
    [['--junit'], /--junit needs a file name/],
    [['no-such-dir'], /no such file or directory: no-such-dir/],
  ])('exits 64 on a usage error: %j', async (args, message) => {
    const t = io(dir);
    expect(await testCommand.run(args, t.io)).toBe(64);
    expect(t.err.join('\n')).toMatch(message);
    expect(t.out).toEqual([]);
  });

  it('exits 64 when the configuration is invalid', async () => {
    const t = io(dir, { MENDBOT_EXEC_ALLOWLIST: 'relative/path', MENDBOT_NO_SUCH_SETTING: 'x' });
    expect(await testCommand.run(['.'], t.io)).toBe(64);
    expect(t.err.join('\n')).toMatch(/invalid configuration/);
  });

  it('describes every option and the exit codes in --help', async () => {
    const t = io(dir);
    expect(await testCommand.run(['--help'], t.io)).toBe(0);
    expect(testCommand.name).toBe('test');
    for (const text of ['Usage: mendbot test [paths…] [--junit <file>]', '--junit <file>', '-h, --help', 'Exit codes: 0', '64 usage error']) {
      expect(t.out.join('\n')).toContain(text);
    }
  });
});
