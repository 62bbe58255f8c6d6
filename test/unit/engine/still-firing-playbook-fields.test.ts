import { loadPlaybookFile } from '../../../src/playbooks/load-playbook-file';

const load = (text: string) => loadPlaybookFile('p.yaml', text);
const base = (playbookExtra: string, stepExtra: string) => `
name: restart
match: ['alertname="X"']
${playbookExtra}
steps:
  - id: restart
    action: http
    with: { url: "http://127.0.0.1/x" }
    ${stepExtra}
`;

describe('still_firing and on_unknown in a playbook', () => {
  it('unset unless written (the executor reads unset as: on when Alertmanager is configured, on_unknown wait)', () => {
    const result = load(base('', ''));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect('stillFiring' in result.loaded.playbook).toBe(false);
    expect('onUnknown' in result.loaded.playbook).toBe(false);
    expect('stillFiring' in result.loaded.playbook.steps[0]!).toBe(false);
    expect('onUnknown' in result.loaded.playbook.steps[0]!).toBe(false);
  });

  it('on the playbook and on a main step', () => {
    const result = load(base('still_firing: true\non_unknown: proceed', 'still_firing: false\n    on_unknown: stop'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.loaded.playbook).toMatchObject({ stillFiring: true, onUnknown: 'proceed', steps: [{ stillFiring: false, onUnknown: 'stop' }] });
  });

  it('refuses unknown values, and the fields on compensation steps (they undo whatever the alert does now)', () => {
    const bad = load(base('on_unknown: maybe', ''));
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['on_unknown']);
    const text = `${base('', '')}    compensate:\n      - { action: notify, with: { text: undo }, still_firing: true }\n`;
    const comp = load(text);
    expect(comp.ok).toBe(false);
    expect(comp.ok ? '' : comp.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toMatch(/still_firing/);
  });
});
