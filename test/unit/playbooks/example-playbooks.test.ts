import fs from 'node:fs';
import path from 'node:path';
import { loadPlaybookFile } from '../../../src/playbooks/load-playbook-file';
import { isPlaybookFileName } from '../../../src/playbooks/load-playbooks';
import { formatPlaybookError } from '../../../src/playbooks/playbook-error';

const dir = path.join(__dirname, '..', '..', '..', 'playbooks');
const files = fs.readdirSync(dir).filter(isPlaybookFileName);

describe('the example playbooks in playbooks/', () => {
  it('include the three documented examples', () => {
    expect(files).toEqual(
      expect.arrayContaining(['clean-disk-dry-run.yaml', 'restart-crashlooping-deployment.yaml', 'rollback-checkout-on-high-error-rate.yaml']),
    );
  });

  describe.each(files)('%s', (name) => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');

    it('validates', () => {
      const result = loadPlaybookFile(name, text);
      expect(result.ok ? [] : result.errors.map(formatPlaybookError)).toEqual([]);
    });

    it('points editors at playbook.schema.json on its first line', () => {
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./playbook.schema.json');
    });

    it('is named after its playbook', () => {
      const result = loadPlaybookFile(name, text);
      expect(result.ok && `${result.loaded.playbook.name}.yaml`).toBe(name);
    });
  });

  it('keep the clean-disk example in dry-run, one run per alert', () => {
    const result = loadPlaybookFile('clean-disk-dry-run.yaml', fs.readFileSync(path.join(dir, 'clean-disk-dry-run.yaml'), 'utf8'));
    expect(result.ok && result.loaded.playbook).toMatchObject({ mode: 'dry-run', per: 'alert', lock: 'disk/{{ labels.instance }}' });
  });
});
