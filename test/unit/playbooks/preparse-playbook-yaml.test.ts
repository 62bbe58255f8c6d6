import path from 'node:path';
import { loadPlaybooks } from '../../../src/playbooks/load-playbooks';
import { preparsePlaybookYaml } from '../../../src/playbooks/preparse-playbook-yaml';
import { makePlaybookDir, minimalPlaybook } from './playbook-dir';

/** What a load gives, as data: the playbooks' matchers hold functions, which toEqual compares by identity. */
const asData = (result: ReturnType<typeof loadPlaybooks>) => JSON.parse(JSON.stringify(result)) as unknown;

describe('preparsePlaybookYaml', () => {
  let tmp: ReturnType<typeof makePlaybookDir>;
  beforeEach(() => {
    tmp = makePlaybookDir();
  });
  afterEach(() => tmp.remove());

  it('parses on a worker thread the playbook files whose YAML has no errors, keyed as the loader joins them', async () => {
    tmp.write('a.yaml', minimalPlaybook('alpha'));
    tmp.write('b.yaml', 'name: bravo\nmatch: [\n');
    tmp.write('c.test.yaml', 'cases: []\n');
    tmp.write('.#d.yaml', minimalPlaybook('lock'));
    const preparsed = await preparsePlaybookYaml(tmp.dir);
    expect([...preparsed.keys()]).toEqual([path.join(tmp.dir, 'a.yaml')]);
    expect(preparsed.get(path.join(tmp.dir, 'a.yaml'))).toEqual({
      text: minimalPlaybook('alpha'),
      data: { name: 'alpha', match: ['alertname="DiskFull"'], steps: [{ id: 'notify', action: 'notify' }] },
    });
  });

  it('resolves with nothing for a missing or empty directory', async () => {
    expect((await preparsePlaybookYaml(path.join(tmp.dir, 'missing'))).size).toBe(0);
    expect((await preparsePlaybookYaml(tmp.dir)).size).toBe(0);
  });

  it('loads and refuses exactly what the loader does alone, with the same messages', async () => {
    tmp.write('a.yaml', minimalPlaybook('alpha', 'mode: dry-run'));
    tmp.write('b.yaml', 'name: bravo\nmatch: [\n'); // invalid YAML
    tmp.write('c.yaml', minimalPlaybook('charlie', 'mode: sometimes')); // the schema refuses it
    tmp.write('d.yaml', minimalPlaybook('alpha')); // a duplicate name
    tmp.write('e.yaml', 'defaults: &d { action: notify }\nname: echo\nmatch: [alertname="A"]\nsteps:\n  - { id: one, <<: *d }\n  - id: two\n    action: notify\n');
    tmp.write('f.yaml', '%YAML 1.1\n---\nname: foxtrot\nmatch: [alertname="F"]\nsteps:\n  - id: notify\n    action: notify\n');
    tmp.write('g.yaml', minimalPlaybook('golf', '__proto__: { mode: auto }'));
    tmp.write('h.yaml', minimalPlaybook('hotel', 'description: "\\u00e9t\\u00e9 ✓"'));
    const preparsed = await preparsePlaybookYaml(tmp.dir);
    expect(preparsed.size).toBe(7);
    const alone = loadPlaybooks(tmp.dir);
    expect(alone.playbooks.length).toBeGreaterThan(0);
    expect(alone.errors.length).toBeGreaterThan(0);
    expect(asData(loadPlaybooks(tmp.dir, {}, preparsed))).toEqual(asData(alone));
  });

  it('is used when the text is unchanged, and ignored when the file changed since', async () => {
    const file = tmp.write('a.yaml', minimalPlaybook('alpha'));
    const preparsed = await preparsePlaybookYaml(tmp.dir);
    const entry = preparsed.get(file)!;
    // The same text with other data proves the parsed data is what the loader took.
    const marked = new Map([[file, { text: entry.text, data: { ...(entry.data as object), name: 'from-the-thread' } }]]);
    expect(loadPlaybooks(tmp.dir, {}, marked).playbooks.map((p) => p.playbook.name)).toEqual(['from-the-thread']);

    tmp.write('a.yaml', minimalPlaybook('alpha-edited'));
    expect(loadPlaybooks(tmp.dir, {}, marked).playbooks.map((p) => p.playbook.name)).toEqual(['alpha-edited']);
  });
});
