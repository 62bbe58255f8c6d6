import { createHash } from 'node:crypto';
import { loadPlaybookFile } from '../../../src/playbooks/load-playbook-file';
import { formatPlaybookError, type PlaybookError } from '../../../src/playbooks/playbook-error';

function errorsOf(text: string): PlaybookError[] {
  const result = loadPlaybookFile('playbooks/disk.yaml', text);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors;
}

describe('loadPlaybookFile', () => {
  describe('when the file is valid', () => {
    const text = 'name: disk-full\nmatch: [alertname="DiskFull"]\nsteps:\n  - { id: notify, action: notify }\n';

    it('returns the playbook with its file and the sha256 of the text as version', () => {
      const result = loadPlaybookFile('playbooks/disk.yaml', text);
      expect(result).toEqual({
        ok: true,
        loaded: {
          playbook: expect.objectContaining({ name: 'disk-full', mode: 'dry-run' }),
          file: 'playbooks/disk.yaml',
          version: createHash('sha256').update(text).digest('hex'),
        },
      });
    });
  });

  describe('when the YAML itself is broken', () => {
    it('reports the syntax error at its line and column', () => {
      expect(errorsOf('name: disk-full\nmatch: alertname: DiskFull\n')).toEqual([
        { file: 'playbooks/disk.yaml', line: 2, column: 8, path: '', message: 'invalid YAML: Nested mappings are not allowed in compact mappings' },
      ]);
    });

    it('reports a mis-indented line on that line', () => {
      const errors = errorsOf('name: disk-full\nmatch: [alertname="DiskFull"]\nsteps:\n  - id: a\n   action: x\n');
      expect(errors[0]).toMatchObject({ line: 5, path: '', message: expect.stringMatching(/^invalid YAML: /) });
    });

    it('treats a key written twice as an error rather than letting the last one win', () => {
      expect(errorsOf('name: a\nmode: auto\nmode: dry-run\n')[0]).toMatchObject({ line: 3, column: 1, message: expect.stringMatching(/unique/) });
    });
  });

  describe('when a value deep in a step has the wrong type', () => {
    it('points at the value in steps[1].retry.attempts', () => {
      const text = [
        'name: disk-full', //                1
        'match: [alertname="DiskFull"]', //  2
        'steps:', //                         3
        '  - id: first', //                  4
        '    action: notify', //             5
        '  - id: second', //                 6
        '    action: exec', //               7
        '    retry:', //                     8
        '      attempts: three', //          9
        '',
      ].join('\n');
      expect(errorsOf(text)).toEqual([
        { file: 'playbooks/disk.yaml', line: 9, column: 17, path: 'steps[1].retry.attempts', message: 'must be a number, got string "three"' },
      ]);
    });
  });

  describe('when a key is misspelt', () => {
    it('points at the key and suggests the right one', () => {
      const text = 'name: disk-full\nmatch: [alertname="DiskFull"]\nsteps:\n  - id: a\n    action: x\n    timout: 10s\n';
      expect(errorsOf(text)).toEqual([
        {
          file: 'playbooks/disk.yaml',
          line: 6,
          column: 5,
          path: 'steps[0].timout',
          message: 'unknown key; did you mean timeout? (allowed: id, action, with, when, retry, timeout, compensate, still_firing, on_unknown)',
        },
      ]);
    });
  });

  describe('when a required key is missing', () => {
    it('points at the nearest parent that exists', () => {
      const text = '# a comment first\nname: disk-full\nmatch: [alertname="DiskFull"]\nsteps:\n  - id: a\n';
      expect(errorsOf(text)).toEqual([{ file: 'playbooks/disk.yaml', line: 5, column: 5, path: 'steps[0].action', message: 'required' }]);
    });
  });

  describe('when a param name is not an identifier', () => {
    it('points at the key', () => {
      const text = 'name: a\nmatch: [a="b"]\nparams:\n  my-param: { from: labels.x, pattern: "^x$" }\nsteps: [{ id: a, action: x }]\n';
      expect(errorsOf(text)).toEqual([expect.objectContaining({ line: 4, column: 3, path: 'params.my-param', message: expect.stringMatching(/identifiers/) })]);
    });
  });

  it('reports every problem at once, in file order', () => {
    const errors = errorsOf('name: Bad Name\nmatch: []\nmode: yolo\nsteps: []\n');
    expect(errors.map((e) => `${e.line}:${e.path}`)).toEqual(['1:name', '2:match', '3:mode', '4:steps']);
  });

  it('asks for the required keys when the file is empty', () => {
    expect(errorsOf('').map((e) => e.path)).toEqual(['name', 'match', 'steps']);
  });

  it('rejects a document that is not a mapping', () => {
    expect(errorsOf('- name: a\n')).toEqual([expect.objectContaining({ line: 1, column: 1, path: '', message: 'must be a mapping (key: value), got a list' })]);
  });
});

describe('formatPlaybookError', () => {
  it('reads file:line:column path: message', () => {
    expect(formatPlaybookError({ file: 'p.yaml', line: 9, column: 17, path: 'steps[1].retry.attempts', message: 'must be a number' })).toBe(
      'p.yaml:9:17 steps[1].retry.attempts: must be a number',
    );
  });

  it('leaves the path out for problems with the whole file', () => {
    expect(formatPlaybookError({ file: 'p.yaml', line: 2, column: 8, path: '', message: 'invalid YAML: x' })).toBe('p.yaml:2:8: invalid YAML: x');
  });
});
