import path from 'node:path';
import type { CliIo } from '../../../src/cli/cli-command';
import { validateCommand } from '../../../src/cli/validate-command';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'playbooks-invalid');

/** Runs `mendbot validate` in the fixtures directory, so files print as `<rule>.yaml`. */
async function validate(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: { MENDBOT_EXEC_ALLOWLIST: '/usr/bin/true', ...env }, cwd: fixtures };
  const code = await validateCommand.run(args, io);
  return { code, out, err };
}

// One fixture per rule, each line checked to the character: message, line and column.
const expected: Record<string, string[]> = {
  template: [
    'template.yaml:4:7 lock: unclosed placeholder {{ in template "disk/{{ labels.instance"',
    'template.yaml:9:13 steps[0].with.text: invalid placeholder {{ node.name }}: unknown name node: a path starts with labels, annotations, commonLabels, params, steps, incident, run, secrets in template "disk full on {{ node.name }}"',
  ],
  when: ['when.yaml:10:11 steps[1].when: expected a value, path or ( but found end of condition at column 33 of condition "labels.severity == \\"critical\\" &&"'],
  'step-reference': [
    'step-reference.yaml:7:19 steps[0].with.text: steps.second.output.text: step "second" (steps[1]) runs after this one; a step can only read the outputs of steps before it',
    'step-reference.yaml:10:11 steps[1].when: steps.frist.output.ok: no step "frist" in this playbook; did you mean "first"?',
    'step-reference.yaml:11:19 steps[1].with.text: steps.second.output.text: a step cannot read its own output',
    'step-reference.yaml:18:19 steps[2].with.text: steps.undo_second.output.text: "undo_second" is a compensate step; only the outputs of main steps (under steps:) can be read',
    'step-reference.yaml:18:19 steps[2].with.text: steps.first.status: a step is read through its output: write steps.first.output.<field>',
  ],
  param: [
    'param.yaml:6:7 lock: param "servce" is not declared in params; did you mean "service"? (declared: service)',
    'param.yaml:10:11 steps[0].when: param "region" is not declared in params (declared: service)',
    'param.yaml:11:19 steps[0].with.text: param "region" is not declared in params (declared: service)',
  ],
  matcher: [
    'matcher.yaml:6:5 match[2]: can never match: match[1] severity="warning" requires severity to be "warning", which severity="critical" refuses',
    'matcher.yaml:8:5 match[4]: can never match: match[3] namespace="prod" requires namespace to be "prod", which namespace=~"staging|dev" refuses',
    'matcher.yaml:10:5 match[6]: can never match: team="sre" requires team to be "sre", which match[5] team!="sre" refuses',
  ],
  'unknown-action': [
    'unknown-action.yaml:6:13 steps[0].action: unknown action "kubernetes.rollout_restrat"; did you mean "kubernetes.rollout_restart"?',
    'unknown-action.yaml:9:13 on_failure[0].action: unknown action "page-someone"',
  ],
  'action-input': [
    'action-input.yaml:14:7 steps[1].with.methd: http: unknown key; did you mean method? (allowed: method, url, headers, body, expect_status, timeout)',
    'action-input.yaml:15:22 steps[1].with.expect_status: http: must be a list, but this template renders to a string',
    'action-input.yaml:16:16 steps[1].with.headers: http: must be a mapping (key: value), but this template renders to a string',
    'action-input.yaml:19:23 steps[2].with.duration: wait: must be a duration string with a unit (e.g. 500ms, 30s, 5m, 2h, 1h30m), got number 10 (write 10s or 10ms)',
  ],
  'exec-allowlist': [
    'exec-allowlist.yaml:7:20 steps[0].with.argv[0]: /usr/local/bin/cleanup-logs is not in exec.allowlist (allowed: /usr/bin/true); add it to MENDBOT_EXEC_ALLOWLIST or exec.allowlist in MENDBOT_CONFIG (absolute paths, exact match)',
    'exec-allowlist.yaml:10:20 steps[1].with.argv[0]: the program must be written out, not a template: exec.allowlist is checked against it before any run',
  ],
  secret: [
    'secret.yaml:9:33 steps[0].with.headers.Authorization: secret "deploy_token" is not set: no file deploy_token in MENDBOT_SECRETS_DIR and no MENDBOT_SECRET_deploy_token',
  ],
};

describe('mendbot validate: one failing fixture per rule', () => {
  it.each(Object.entries(expected))('%s', async (rule, lines) => {
    // Secrets are only looked up where some are mounted: mount an unrelated one.
    const text = await validate([`${rule}.yaml`], { MENDBOT_SECRET_OTHER: 'x' });
    expect(text).toEqual({ code: 1, out: [...lines, '0 ok, 1 file with errors'], err: [] });

    const json = await validate([`${rule}.yaml`, '--format', 'json'], { MENDBOT_SECRET_OTHER: 'x' });
    const findings = JSON.parse(json.out.join('\n')) as Array<Record<string, unknown>>;
    expect(findings.map((f) => f.rule)).toEqual(lines.map(() => rule));
  });

  it('credential-literal: warns about a credential written into the YAML, and still exits 0', async () => {
    expect(await validate(['credential-literal.yaml'])).toEqual({
      code: 0,
      out: [
        'ok credential-literal.yaml (credential-literal)',
        'credential-literal.yaml:9:33 steps[0].with.headers.Authorization: warning: "Authorization" looks like a credential written into the playbook; use "{{ secrets.NAME }}" instead',
        '1 ok, 0 files with errors, 1 warning',
      ],
      err: [],
    });
    const json = await validate(['credential-literal.yaml', '--format', 'json']);
    expect(JSON.parse(json.out.join('\n'))).toEqual([expect.objectContaining({ line: 9, column: 33, rule: 'credential-literal', severity: 'warning' })]);
  });

  it('passes a template where the schema takes a string or coerces one, and a step output anywhere', async () => {
    // action-input.yaml's first step: replicas "{{ params.replicas }}" (kubernetes.scale takes a digit string);
    // its last step: text "{{ steps.scale.output.replicas }}" keeps the output's type, unknown before the run.
    const { out } = await validate(['action-input.yaml']);
    expect(out.some((l) => l.includes('steps[0]') || l.includes('steps[3]'))).toBe(false);
  });

  it('reports every error of a file with several, across rules, in file order', async () => {
    expect(await validate(['several.yaml'])).toEqual({
      code: 1,
      out: [
        'several.yaml:3:31 match[1]: can never match: match[0] alertname="DiskFull" requires alertname to be "DiskFull", which alertname="DiskAlmostFull" refuses',
        'several.yaml:6:13 steps[0].action: unknown action "notfy"; did you mean "notify"?',
        'several.yaml:7:19 steps[0].with.text: param "missing" is not declared in params (the playbook declares no params)',
        'several.yaml:10:11 steps[1].when: expected a value, path or ( but found end of condition at column 25 of condition "steps.third.output.ok =="',
        'several.yaml:11:53 steps[1].with.until: wait: unknown key (allowed: duration)',
        '0 ok, 1 file with errors',
      ],
      err: [],
    });
  });

  it('reports every file given, files and directories alike', async () => {
    const { code, out } = await validate(['when.yaml', '.'], { MENDBOT_SECRET_OTHER: 'x' });
    expect(code).toBe(1);
    const files = new Set(out.slice(0, -1).filter((l) => !l.startsWith('ok ')).map((l) => l.split(':')[0]));
    expect([...files].sort()).toEqual([...Object.keys(expected), 'several', 'credential-literal'].map((r) => `${r}.yaml`).sort());
    expect(out[out.length - 1]).toBe('1 ok, 10 files with errors, 1 warning');
  });

  it("runs with the container image's defaults (a non-loopback MENDBOT_HOST without credentials only stops serve)", async () => {
    expect(await validate(['secret.yaml'], { MENDBOT_HOST: '0.0.0.0', MENDBOT_DATA_DIR: '/data' })).toEqual({
      code: 0,
      out: ['ok secret.yaml (secret-reference)', '1 ok, 0 files with errors'],
      err: [],
    });
  });

  it('prints files outside the working directory with their absolute path', async () => {
    const file = path.join(fixtures, 'secret.yaml');
    const out: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: () => undefined, env: {}, cwd: path.join(fixtures, '..', '..', '..') };
    await validateCommand.run([file], io);
    expect(out[0]).toBe('ok test/fixtures/playbooks-invalid/secret.yaml (secret-reference)');
    await validateCommand.run([file], { ...io, cwd: path.join(fixtures, 'elsewhere') });
    expect(out[2]).toBe(`ok ${file} (secret-reference)`);
  });

  it('does not look for secrets where none are mounted (CI)', async () => {
    expect(await validate(['secret.yaml'])).toEqual({ code: 0, out: ['ok secret.yaml (secret-reference)', '1 ok, 0 files with errors'], err: [] });
  });

  it('prints findings as a JSON array of {file, line, column, path, message, rule, severity}', async () => {
    const { code, out } = await validate(['unknown-action.yaml', '--format=json']);
    expect(code).toBe(1);
    expect(JSON.parse(out.join('\n'))).toEqual([
      {
        file: 'unknown-action.yaml',
        line: 6,
        column: 13,
        path: 'steps[0].action',
        message: 'unknown action "kubernetes.rollout_restrat"; did you mean "kubernetes.rollout_restart"?',
        rule: 'unknown-action',
        severity: 'error',
      },
      { file: 'unknown-action.yaml', line: 9, column: 13, path: 'on_failure[0].action', message: 'unknown action "page-someone"', rule: 'unknown-action', severity: 'error' },
    ]);
  });

  it('prints [] in JSON and exits 0 when everything is valid', async () => {
    expect(await validate(['secret.yaml', '--format', 'json'])).toEqual({ code: 0, out: ['[]'], err: [] });
  });

  it('refuses an unknown format or option with exit 64 and the help', async () => {
    const bad = await validate(['--format', 'yaml']);
    expect(bad.code).toBe(64);
    expect(bad.err[0]).toMatch(/^mendbot validate: --format must be text or json, got yaml\n\nUsage: mendbot validate/);
    expect((await validate(['--fromat', 'json'])).err[0]).toMatch(/^mendbot validate: unknown option --fromat/);
    expect(await validate(['when.yaml', 'nowhere'])).toEqual({ code: 64, out: [], err: ['mendbot validate: no such file or directory: nowhere'] });
  });
});
