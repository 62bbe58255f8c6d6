import path from 'node:path';
import { loadPlaybooks } from '../../../src/playbooks/load-playbooks';
import { makePlaybookDir, minimalPlaybook } from './playbook-dir';

describe('loadPlaybooks', () => {
  let tmp: ReturnType<typeof makePlaybookDir>;
  beforeEach(() => {
    tmp = makePlaybookDir();
  });
  afterEach(() => tmp.remove());

  it('loads every .yaml and .yml file in file-name order', () => {
    tmp.write('b.yml', minimalPlaybook('bravo'));
    tmp.write('a.yaml', minimalPlaybook('alpha'));
    const { playbooks, errors } = loadPlaybooks(tmp.dir);
    expect(errors).toEqual([]);
    expect(playbooks.map((p) => [path.basename(p.file), p.playbook.name])).toEqual([
      ['a.yaml', 'alpha'],
      ['b.yml', 'bravo'],
    ]);
  });

  it('ignores other files, dotfiles (editor locks) and subdirectories', () => {
    tmp.write('README.md', '# not a playbook');
    tmp.write('.#a.yaml', 'not: [yaml');
    tmp.write('a.yaml.bak', 'not: [yaml');
    tmp.write('a.yaml', minimalPlaybook('alpha'));
    expect(loadPlaybooks(tmp.dir)).toEqual({ playbooks: [expect.objectContaining({ file: path.join(tmp.dir, 'a.yaml') })], errors: [] });
  });

  describe('when one file is broken', () => {
    it('still loads the good ones and reports the broken one', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      tmp.write('b.yaml', 'name: bravo\nmatch: [\n');
      tmp.write('c.yaml', minimalPlaybook('charlie'));
      const { playbooks, errors } = loadPlaybooks(tmp.dir);
      expect(playbooks.map((p) => p.playbook.name)).toEqual(['alpha', 'charlie']);
      expect(errors).toEqual([expect.objectContaining({ file: path.join(tmp.dir, 'b.yaml') })]);
    });
  });

  describe('when two files use the same playbook name', () => {
    it('keeps the first file and reports the name in the second', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      tmp.write('b.yaml', `# copied from a.yaml\n${minimalPlaybook('alpha')}`);
      const { playbooks, errors } = loadPlaybooks(tmp.dir);
      expect(playbooks.map((p) => path.basename(p.file))).toEqual(['a.yaml']);
      expect(errors).toEqual([
        {
          file: path.join(tmp.dir, 'b.yaml'),
          line: 2,
          column: 7,
          path: 'name',
          message: `duplicate playbook name "alpha", already used by ${path.join(tmp.dir, 'a.yaml')}`,
        },
      ]);
    });
  });

  describe('when the directory does not exist', () => {
    it('reports it instead of throwing', () => {
      const missing = path.join(tmp.dir, 'nope');
      expect(loadPlaybooks(missing)).toEqual({ playbooks: [], errors: [expect.objectContaining({ file: missing, message: expect.stringMatching(/^cannot read playbook directory/) })] });
    });
  });
});
