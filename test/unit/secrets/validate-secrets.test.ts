import fs from 'node:fs';
import path from 'node:path';
import { validatePlaybooksCommand } from '../../../src/playbooks/validate-playbooks-command';
import { makePlaybookDir } from '../playbooks/playbook-dir';

const playbook = (headers: string, extra = '') =>
  [
    'name: call-deployer',
    'match: [alertname="DiskFull"]',
    'steps:',
    '  - id: call',
    '    action: http',
    '    with:',
    '      url: "https://deployer/api?key={{ secrets.deploy_key }}"',
    `      headers: ${headers}`,
    '    compensate:',
    '      - action: http',
    '        with: { url: "https://deployer/undo", headers: { x-api-key: "{{ secrets.undo_key }}" } }',
    extra,
    '',
  ].join('\n');

function validate(dir: string, env: Record<string, string>) {
  const lines: string[] = [];
  const code = validatePlaybooksCommand(dir, (l) => lines.push(l), undefined, env);
  return { code, lines };
}

describe('mendbot validate: secrets', () => {
  const pb = makePlaybookDir();
  const secretsDir = path.join(pb.dir, 'secrets-mount');
  const playbooksDir = path.join(pb.dir, 'playbooks');
  beforeAll(() => {
    fs.mkdirSync(secretsDir);
    fs.mkdirSync(playbooksDir);
    fs.writeFileSync(path.join(secretsDir, 'deploy_key'), 'k\n');
  });
  afterAll(() => pb.remove());
  const write = (text: string) => fs.writeFileSync(path.join(playbooksDir, 'call.yaml'), text);

  it('reports a referenced secret that is not mounted, located at its value', () => {
    write(playbook('{ Authorization: "Bearer {{ secrets.deploy_key }}" }'));
    const { code, lines } = validate(playbooksDir, { MENDBOT_SECRETS_DIR: secretsDir });
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(/call\.yaml:11:\d+ steps\[0\]\.compensate\[0\]\.with\.headers\.x-api-key: secret "undo_key" is not set/),
    );
    expect(lines.filter((l) => l.includes('is not set'))).toHaveLength(1); // deploy_key is mounted
  });

  it('finds secrets in MENDBOT_SECRET_* variables too', () => {
    write(playbook('{ Authorization: "Bearer {{ secrets.deploy_key }}" }'));
    const { code, lines } = validate(playbooksDir, { MENDBOT_SECRETS_DIR: secretsDir, MENDBOT_SECRET_UNDO_KEY: 'u' });
    expect({ code, lines }).toEqual({ code: 0, lines: [expect.stringMatching(/^ok .*call\.yaml \(call-deployer\)$/), '1 ok, 0 files with errors'] });
  });

  it('does not look for secrets where none are mounted (CI)', () => {
    write(playbook('{ Authorization: "Bearer {{ secrets.deploy_key }}" }'));
    expect(validate(playbooksDir, {}).code).toBe(0);
  });

  it('warns about a credential written into the YAML, without failing', () => {
    write(playbook('{ Authorization: "Bearer abc123", X-Trace: "{{ labels.x }}" }', 'on_failure:\n  - action: http\n    with: { url: "https://x", body: { password: hunter2, api_key: "{{ labels.k }}" } }'));
    const { code, lines } = validate(playbooksDir, {});
    expect(code).toBe(0);
    const warnings = lines.filter((l) => l.includes('warning:'));
    expect(warnings).toEqual([
      expect.stringMatching(/:8:\d+ steps\[0\]\.with\.headers\.Authorization: warning: "Authorization" looks like a credential/),
      expect.stringMatching(/:14:\d+ on_failure\[0\]\.with\.body\.password: warning: "password" looks like a credential/),
      expect.stringMatching(/:14:\d+ on_failure\[0\]\.with\.body\.api_key: warning: "api_key" looks like a credential/),
    ]);
    expect(lines[lines.length - 1]).toBe('1 ok, 0 files with errors, 3 warnings');
  });
});
