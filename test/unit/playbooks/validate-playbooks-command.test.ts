import path from 'node:path';
import { validatePlaybooksCommand } from '../../../src/playbooks/validate-playbooks-command';
import { makePlaybookDir, minimalPlaybook } from './playbook-dir';

describe('validatePlaybooksCommand', () => {
  let tmp: ReturnType<typeof makePlaybookDir>;
  beforeEach(() => {
    tmp = makePlaybookDir();
  });
  afterEach(() => tmp.remove());

  function run(knownActions?: Set<string>): { code: number; lines: string[] } {
    const lines: string[] = [];
    const code = validatePlaybooksCommand(tmp.dir, (line) => lines.push(line), knownActions);
    return { code, lines };
  }

  it('prints ok per valid file and exits 0', () => {
    tmp.write('a.yaml', minimalPlaybook('alpha'));
    expect(run()).toEqual({ code: 0, lines: [`ok ${path.join(tmp.dir, 'a.yaml')} (alpha)`, '1 ok, 0 files with errors'] });
  });

  it('prints each error as file:line:column path: message and exits 1', () => {
    tmp.write('a.yaml', minimalPlaybook('alpha'));
    tmp.write('b.yaml', 'name: bravo\nmode: yolo\n');
    const b = path.join(tmp.dir, 'b.yaml');
    expect(run()).toEqual({
      code: 1,
      lines: [
        `ok ${path.join(tmp.dir, 'a.yaml')} (alpha)`,
        `${b}:1:1 match: required`,
        `${b}:1:1 steps: required`,
        `${b}:2:7 mode: must be one of dry-run, approval, auto, got string "yolo"`,
        '1 ok, 1 file with errors',
      ],
    });
  });

  describe('with the registry\'s action names', () => {
    it('reports an unknown action at its line, with a suggestion', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha', 'on_failure:', '  - action: pagerduty.escalte'));
      const { code, lines } = run(new Set(['notify', 'pagerduty.escalate']));
      expect(code).toBe(1);
      expect(lines).toEqual([
        `${path.join(tmp.dir, 'a.yaml')}:7:13 on_failure[0].action: unknown action "pagerduty.escalte"; did you mean "pagerduty.escalate"?`,
        '0 ok, 1 file with errors',
      ]);
    });

    it('accepts playbooks whose actions are all registered', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      expect(run(new Set(['notify'])).code).toBe(0);
    });
  });

  it('says so when there is nothing to validate', () => {
    expect(run()).toEqual({ code: 0, lines: [`no playbook files (*.yaml, *.yml) in ${tmp.dir}`] });
  });

  it('fails when the directory does not exist', () => {
    const lines: string[] = [];
    expect(validatePlaybooksCommand(path.join(tmp.dir, 'missing'), (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/cannot read playbook directory/);
  });

  it('validates the example playbooks shipped in playbooks/', () => {
    const lines: string[] = [];
    expect(validatePlaybooksCommand(path.join(__dirname, '..', '..', '..', 'playbooks'), (l) => lines.push(l))).toBe(0);
    expect(lines.filter((l) => l.startsWith('ok '))).toHaveLength(3);
  });
});
