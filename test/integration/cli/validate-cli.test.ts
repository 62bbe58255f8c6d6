import { execFile } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.join(__dirname, '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'playbooks-invalid');

/** The real CLI, from the sources (the build is the lead's): exit code and output as a user sees them. */
function mendbot(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', path.join(repoRoot, 'src', 'cli.ts'), ...args],
      // A clean environment: nothing of the developer's MENDBOT_* leaks in.
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

jest.setTimeout(120_000);

describe('mendbot validate through the real CLI', () => {
  it('validates the shipped playbooks clean, with the exec program the dry-run example names allowlisted', async () => {
    const result = await mendbot(['validate', 'playbooks'], { MENDBOT_EXEC_ALLOWLIST: '/usr/local/bin/cleanup-logs' });
    expect(result).toEqual({
      code: 0,
      stdout: [
        'ok playbooks/clean-disk-dry-run.yaml (clean-disk-dry-run)',
        'ok playbooks/restart-crashlooping-deployment.yaml (restart-crashlooping-deployment)',
        'ok playbooks/rollback-checkout-on-high-error-rate.yaml (rollback-checkout-on-high-error-rate)',
        '3 ok, 0 files with errors',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('exits 1 and reports every file, and prints JSON findings for CI', async () => {
    const [text, json] = await Promise.all([
      mendbot(['validate', fixtures]),
      mendbot(['validate', '--format', 'json', path.join(fixtures, 'when.yaml'), path.join(fixtures, 'matcher.yaml')]),
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout.trim().split('\n').pop()).toBe('2 ok, 9 files with errors, 1 warning'); // secret.yaml passes: no secrets mounted
    expect(json.code).toBe(1);
    const findings = JSON.parse(json.stdout) as unknown[];
    expect(findings).toHaveLength(4);
    expect(findings[0]).toEqual({
      file: 'test/fixtures/playbooks-invalid/matcher.yaml',
      line: 6,
      column: 5,
      path: 'match[2]',
      message: 'can never match: match[1] severity="warning" requires severity to be "warning", which severity="critical" refuses',
      rule: 'matcher',
      severity: 'error',
    });
    expect(findings[3]).toMatchObject({ file: 'test/fixtures/playbooks-invalid/when.yaml', line: 10, column: 11, rule: 'when' });
  });

  it('exits 64 on a usage error or an unknown command, 0 on --help, 78 on invalid configuration', async () => {
    const [usage, help, unknown, config] = await Promise.all([
      mendbot(['validate', '--format']),
      mendbot(['validate', '--help']),
      mendbot(['nope']),
      mendbot(['validate', 'playbooks'], { MENDBOT_EXEC_ALOWLIST: '/bin/true' }),
    ]);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toMatch(/^mendbot validate: --format needs a value/);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: mendbot validate \[paths…\] \[--format text\|json\]/);
    expect(unknown.code).toBe(64);
    // The configuration serve would refuse is refused here too (78), with what is wrong.
    expect(config.code).toBe(78);
    expect(config.stderr).toMatch(/^mendbot: invalid configuration\n {2}- .*MENDBOT_EXEC_ALOWLIST.*MENDBOT_EXEC_ALLOWLIST/);
  });
});
