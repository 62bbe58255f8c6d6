import path from 'node:path';
import { createNotifyAction } from '../../../src/engine/actions/notify-action';
import { createWaitAction } from '../../../src/engine/actions/wait-action';
import { createActionRegistry } from '../../../src/engine/create-action-registry';
import { createPlaybookCatalog, type PlaybookCatalog } from '../../../src/playbooks/create-playbook-catalog';
import { makePlaybookDir, memoryLogger, minimalPlaybook } from './playbook-dir';

/** minimalPlaybook's notify step with the text notify requires, then `extra` lines. */
const playbook = (name: string, ...extra: string[]) => minimalPlaybook(name, '    with: { text: hello }', ...extra);

// The server's loader runs validate's checks: a playbook with any error is rejected, with every error logged.
describe('createPlaybookCatalog with the checks of mendbot validate', () => {
  let tmp: ReturnType<typeof makePlaybookDir>;
  let catalog: PlaybookCatalog | undefined;
  beforeEach(() => {
    tmp = makePlaybookDir();
  });
  afterEach(() => {
    catalog?.close();
    tmp.remove();
  });

  function start() {
    const logger = memoryLogger();
    const actions = createActionRegistry([createNotifyAction({ log: logger.log, chat: undefined }), createWaitAction({})]);
    catalog = createPlaybookCatalog({ dir: tmp.dir, log: logger.log, checks: { actions, execAllowlist: [] } });
    return { catalog, logLines: logger.lines };
  }

  it('rejects a playbook with errors and logs all of them; the good ones load', () => {
    tmp.write('a.yaml', playbook('alpha'));
    const b = tmp.write(
      'b.yaml',
      minimalPlaybook('bravo', '    with: { text: "{{ steps.later.output.x }}" }', '  - id: later', '    action: wiat', '    with: { duration: 5 }'),
    );
    const { catalog, logLines } = start();
    expect(catalog.list().map((p) => p.playbook.name)).toEqual(['alpha']);
    const expected = [
      `${b}:6:19 steps[0].with.text: steps.later.output.x: step "later" (steps[1]) runs after this one; a step can only read the outputs of steps before it`,
      `${b}:8:13 steps[1].action: unknown action "wiat"; did you mean "wait"?`,
    ];
    expect(catalog.problems().map((p) => `${p.file}:${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual(expected);
    const logged = logLines().filter((l) => l.level === 'error').map((l) => l.msg);
    expect(logged).toEqual(expected.map((e) => `invalid playbook: ${e}`));
  });

  it('checks action inputs against the registered schemas', () => {
    const a = tmp.write('a.yaml', minimalPlaybook('alpha', '  - id: pause', '    action: wait', '    with: { duration: 5 }'));
    const { catalog } = start();
    expect(catalog.list()).toEqual([]);
    expect(catalog.problems()).toEqual([
      // notify without its required text: until now this failed only when the step ran
      expect.objectContaining({ file: a, line: 4, column: 5, path: 'steps[0].with.text', rule: 'action-input', message: 'notify: required' }),
      expect.objectContaining({ file: a, line: 8, column: 23, path: 'steps[1].with.duration', rule: 'action-input', message: expect.stringMatching(/^wait: must be a duration string/) }),
    ]);
  });

  it('runs the checks that need no deployment even without `checks`', () => {
    tmp.write('a.yaml', minimalPlaybook('alpha', '    when: "labels.x =="'));
    const logger = memoryLogger();
    catalog = createPlaybookCatalog({ dir: tmp.dir, log: logger.log });
    expect(catalog.list()).toEqual([]);
    expect(catalog.problems()).toEqual([expect.objectContaining({ file: path.join(tmp.dir, 'a.yaml'), path: 'steps[0].when', rule: 'when' })]);
  });
});
