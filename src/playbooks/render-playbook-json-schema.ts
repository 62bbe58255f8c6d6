import { z } from 'zod';
import { playbookFileSchema } from './playbook-schema';

/**
 * playbook.schema.json as text: the JSON Schema of the YAML form (input side: snake_case, durations as
 * strings, defaults shown). Draft-07 because it is what editor YAML plugins support most widely.
 * Refinements (approvers required for approval, unique step ids, matcher syntax) are not expressible
 * here; `mendbot validate` checks them.
 */
export function renderPlaybookJsonSchema(): string {
  const schema = z.toJSONSchema(playbookFileSchema, { io: 'input', target: 'draft-7' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
