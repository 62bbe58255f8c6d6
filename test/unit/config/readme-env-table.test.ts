import fs from 'node:fs';
import path from 'node:path';
import { configEnvSchema } from '../../../src/config/config-env-schema';

describe("the README's environment variable table", () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
  const tableRows = readme.split('\n').filter((line) => line.startsWith('| `'));

  it.each(Object.keys(configEnvSchema.shape))('documents %s', (name) => {
    expect(tableRows.some((row) => row.split('|')[1]!.includes(`\`${name}\``))).toBe(true);
  });
});
