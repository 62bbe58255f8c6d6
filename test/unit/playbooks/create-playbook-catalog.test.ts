import path from 'node:path';
import { createPlaybookCatalog, type PlaybookCatalog } from '../../../src/playbooks/create-playbook-catalog';
import { waitFor } from '../../helpers/wait-for';
import { makePlaybookDir, memoryLogger, minimalPlaybook } from './playbook-dir';

describe('createPlaybookCatalog', () => {
  let tmp: ReturnType<typeof makePlaybookDir>;
  let catalog: PlaybookCatalog | undefined;
  beforeEach(() => {
    tmp = makePlaybookDir();
  });
  afterEach(() => {
    catalog?.close();
    catalog = undefined;
    tmp.remove();
  });

  function start(options: { watch?: boolean; onChange?: () => void } = {}) {
    const logger = memoryLogger();
    catalog = createPlaybookCatalog({ dir: tmp.dir, log: logger.log, debounceMs: 20, ...options });
    return { catalog, logLines: logger.lines };
  }

  it('loads the directory when created', () => {
    tmp.write('a.yaml', minimalPlaybook('alpha'));
    const { catalog } = start();
    expect(catalog.list().map((p) => p.playbook.name)).toEqual(['alpha']);
    expect(catalog.get('alpha')?.file).toBe(path.join(tmp.dir, 'a.yaml'));
    expect(catalog.get('nope')).toBeUndefined();
    expect(catalog.problems()).toEqual([]);
  });

  it('picks up a new version on reload()', () => {
    tmp.write('a.yaml', minimalPlaybook('alpha'));
    const { catalog } = start();
    const before = catalog.get('alpha')!.version;
    tmp.write('a.yaml', minimalPlaybook('alpha', 'mode: auto'));
    catalog.reload();
    expect(catalog.get('alpha')).toMatchObject({ playbook: { mode: 'auto' } });
    expect(catalog.get('alpha')!.version).not.toBe(before);
  });

  describe('when a file that loaded fine breaks', () => {
    function breakIt() {
      tmp.write('a.yaml', minimalPlaybook('alpha', 'mode: auto'));
      const started = start();
      tmp.write('a.yaml', 'name: alpha\nmatch: [alertname="DiskFull"]\nsteps:\n  - id: notify\n    action: notify\n    retry: { attempts: lots }\n');
      started.catalog.reload();
      return started;
    }

    it('keeps its last good version in force, marked stale', () => {
      const { catalog } = breakIt();
      expect(catalog.get('alpha')).toMatchObject({ stale: true, playbook: { mode: 'auto' } });
      expect(catalog.lastGoodKept()).toEqual([path.join(tmp.dir, 'a.yaml')]);
    });

    it('lists the error and a note that the last good version is kept among the problems', () => {
      const { catalog } = breakIt();
      expect(catalog.problems()).toEqual([
        { file: path.join(tmp.dir, 'a.yaml'), line: 6, column: 24, path: 'steps[0].retry.attempts', message: 'must be a number, got string "lots"' },
        expect.objectContaining({ file: path.join(tmp.dir, 'a.yaml'), line: 6, column: 24, path: '', message: expect.stringMatching(/^keeping the last good version \([0-9a-f]{12}\) of playbook "alpha"/) }),
      ]);
    });

    it('logs an error naming file:line:column and that the last good version is kept', () => {
      const { logLines } = breakIt();
      const errors = logLines().filter((l) => l.level === 'error');
      expect(errors.map((l) => l.msg)).toEqual([
        `invalid playbook: ${path.join(tmp.dir, 'a.yaml')}:6:24 steps[0].retry.attempts: must be a number, got string "lots"`,
        expect.stringMatching(new RegExp(`^playbook file is broken at ${escape(path.join(tmp.dir, 'a.yaml'))}:6:24; keeping the last good version`)),
      ]);
    });

    it('logs each problem once, not again when another file changes', () => {
      const { catalog, logLines } = breakIt();
      tmp.write('b.yaml', minimalPlaybook('bravo'));
      catalog.reload();
      expect(logLines().filter((l) => l.level === 'error')).toHaveLength(2);
    });

    it('uses the fixed version once the file is repaired', () => {
      const { catalog } = breakIt();
      tmp.write('a.yaml', minimalPlaybook('alpha', 'mode: approval', 'approvers: ["@sre"]'));
      catalog.reload();
      expect(catalog.get('alpha')).toMatchObject({ playbook: { mode: 'approval' } });
      expect(catalog.get('alpha')!.stale).toBeUndefined();
      expect(catalog.problems()).toEqual([]);
      expect(catalog.lastGoodKept()).toEqual([]);
    });
  });

  describe('when a file was never valid', () => {
    it('has no playbook and reports the problem', () => {
      tmp.write('a.yaml', 'name: alpha\n');
      const { catalog } = start();
      expect(catalog.list()).toEqual([]);
      expect(catalog.problems().map((p) => p.path)).toEqual(['match', 'steps']);
      expect(catalog.lastGoodKept()).toEqual([]);
    });
  });

  describe('when a file is deleted', () => {
    it('drops its playbook', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      tmp.write('b.yaml', minimalPlaybook('bravo'));
      const { catalog } = start();
      tmp.unlink('a.yaml');
      catalog.reload();
      expect(catalog.list().map((p) => p.playbook.name)).toEqual(['bravo']);
    });

    it('drops a kept last good version too', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      const { catalog } = start();
      tmp.write('a.yaml', 'name: [');
      catalog.reload();
      tmp.unlink('a.yaml');
      catalog.reload();
      expect(catalog.list()).toEqual([]);
      expect(catalog.problems()).toEqual([]);
    });
  });

  describe('when the directory itself cannot be read', () => {
    it('keeps every playbook (a remount is not a deletion) and reports the directory', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      const { catalog } = start();
      tmp.remove();
      catalog.reload();
      expect(catalog.list()).toEqual([expect.objectContaining({ stale: true, playbook: expect.objectContaining({ name: 'alpha' }) })]);
      expect(catalog.problems()[0]).toMatchObject({ file: tmp.dir, message: expect.stringMatching(/^cannot read playbook directory/) });
    });
  });

  describe('onChange', () => {
    it('is called after a reload that changed something, and not for a reload that changed nothing', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      const onChange = jest.fn();
      const { catalog } = start({ onChange });
      catalog.reload();
      expect(onChange).not.toHaveBeenCalled();
      tmp.write('a.yaml', minimalPlaybook('alpha', 'per: alert'));
      catalog.reload();
      expect(onChange).toHaveBeenCalledTimes(1);
    });

    it('cannot break the catalog by throwing', () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      const { catalog, logLines } = start({ onChange: () => { throw new Error('listener bug'); } });
      tmp.write('b.yaml', minimalPlaybook('bravo'));
      expect(() => catalog.reload()).not.toThrow();
      expect(catalog.list()).toHaveLength(2);
      expect(logLines().some((l) => l.msg === 'playbook catalog onChange listener failed')).toBe(true);
    });
  });

  describe('with watch: true', () => {
    it('reloads by itself when a file changes', async () => {
      tmp.write('a.yaml', minimalPlaybook('alpha'));
      const onChange = jest.fn();
      const { catalog } = start({ watch: true, onChange });
      tmp.write('b.yaml', minimalPlaybook('bravo'));
      await waitFor(() => catalog.get('bravo'), { timeoutMs: 5_000, description: 'the watcher to load b.yaml' });
      expect(onChange).toHaveBeenCalled();
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
