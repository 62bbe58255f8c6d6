import fs from 'node:fs';
import path from 'node:path';
import { renderPlaybookJsonSchema } from '../../../src/playbooks/render-playbook-json-schema';

describe('playbooks/playbook.schema.json', () => {
  it('matches a fresh export of the zod schema (run `npm run schema:playbooks` after changing it)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'playbooks', 'playbook.schema.json'), 'utf8');
    expect(committed).toBe(renderPlaybookJsonSchema());
  });

  it('describes the YAML input form: snake_case keys, durations as strings, dry-run by default', () => {
    const schema = JSON.parse(renderPlaybookJsonSchema()) as {
      title: string;
      properties: Record<string, { default?: unknown; type?: string }>;
      additionalProperties: boolean;
    };
    expect(schema.title).toBe('mendbot playbook');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.mode?.default).toBe('dry-run');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['lock_policy', 'continue_on_resolve', 'on_failure']));
  });
});
