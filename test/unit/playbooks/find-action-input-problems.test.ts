import { z } from 'zod';
import { checkPlaybook } from '../../../src/playbooks/check-playbook';
import { loadPlaybookFile } from '../../../src/playbooks/load-playbook-file';
import { formatPlaybookError } from '../../../src/playbooks/playbook-error';

// A test action whose input has one field of each kind a template can land in.
const input = z
  .object({
    text: z.string().regex(/^[a-z]+$/),
    count: z.number(),
    coerced: z.coerce.number().optional(),
    flag: z.boolean().optional(),
    level: z.enum(['low', 'high']).optional(),
    either: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
    list: z.array(z.string()).optional(),
    map: z.record(z.string(), z.string()).optional(),
    nested: z.object({ port: z.number() }).strict().optional(),
  })
  .strict();
const actions = { names: () => new Set(['probe', 'notify']), get: (name: string) => (name === 'probe' ? { input } : undefined) };

function check(withBlock: string): string[] {
  const text = [
    'name: probe',
    'match: [alertname="X"]',
    'params: { p: { from: labels.p, pattern: "^.*$" } }',
    'steps:',
    '  - id: first',
    '    action: notify',
    '  - id: second',
    '    action: probe',
    `    with: ${withBlock}`,
    '',
  ].join('\n');
  const loaded = loadPlaybookFile('p.yaml', text);
  if (!loaded.ok) throw new Error(loaded.errors.map(formatPlaybookError).join('\n'));
  return checkPlaybook(loaded.loaded, text, { actions }).map(formatPlaybookError);
}

describe('action-input: templates are judged by the type they render to', () => {
  it('accepts a string template where a string, a coercion, an enum or a string union branch is wanted, whatever its content must be', () => {
    expect(check('{ text: "{{ labels.x }}", count: 1, coerced: "{{ params.p }}", level: "{{ params.p }}", either: "{{ params.p }}" }')).toEqual([]);
  });

  it('refuses a string template where a number, a boolean, a list or a mapping is wanted', () => {
    expect(check('{ text: ok, count: "{{ params.p }}", flag: "x{{ labels.x }}", list: "{{ labels.x }}", map: "{{ run.id }}" }')).toEqual([
      'p.yaml:9:30 steps[1].with.count: probe: must be a number, but this template renders to a string',
      'p.yaml:9:54 steps[1].with.flag: probe: must be true or false, but this template renders to a string',
      'p.yaml:9:79 steps[1].with.list: probe: must be a list, but this template renders to a string',
      'p.yaml:9:102 steps[1].with.map: probe: must be a mapping (key: value), but this template renders to a string',
    ]);
  });

  it('accepts one step-output placeholder anywhere: it keeps the output type', () => {
    expect(check('{ text: ok, count: "{{ steps.first.output.n }}", list: "{{ steps.first.output.items }}" }')).toEqual([]);
  });

  it('checks literal values as written, nested ones included, with the action schema messages', () => {
    expect(check('{ text: "Not Lower", count: 2, nested: { port: "80", host: x } }')).toEqual([
      'p.yaml:9:19 steps[1].with.text: probe: Invalid string: must match pattern /^[a-z]+$/',
      'p.yaml:9:58 steps[1].with.nested.port: probe: must be a number, got string "80"',
      'p.yaml:9:64 steps[1].with.nested.host: probe: unknown key; did you mean port? (allowed: port)',
    ]);
  });
});
