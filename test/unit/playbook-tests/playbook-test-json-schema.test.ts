import fs from 'node:fs';
import path from 'node:path';
import { renderPlaybookTestJsonSchema } from '../../../src/playbook-tests/render-playbook-test-json-schema';

describe('playbooks/playbook-test.schema.json', () => {
  it('matches a fresh export of the zod schema (run `npm run schema:playbook-tests` after changing it)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'playbooks', 'playbook-test.schema.json'), 'utf8');
    expect(committed).toBe(renderPlaybookTestJsonSchema());
  });

  it('describes the YAML form: cases with alerts, stubs and expectations, nothing else', () => {
    const schema = JSON.parse(renderPlaybookTestJsonSchema()) as { title: string; required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.title).toBe('mendbot playbook test');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['cases']);
    expect(Object.keys(schema.properties)).toEqual(['playbooks', 'start', 'assume', 'cases']);
  });
});
