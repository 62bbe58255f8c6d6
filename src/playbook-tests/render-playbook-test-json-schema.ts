import { z } from 'zod';
import { playbookTestFileSchema } from './playbook-test-file-schema';

/**
 * playbook-test.schema.json as text: the JSON Schema of the `*.test.yaml` form (input side, durations as
 * strings), draft-07 like playbook.schema.json so the same editor plugins validate test files while typed.
 */
export function renderPlaybookTestJsonSchema(): string {
  const schema = z.toJSONSchema(playbookTestFileSchema, { io: 'input', target: 'draft-7' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
