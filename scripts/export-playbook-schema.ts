/**
 * Writes playbooks/playbook.schema.json from the zod schema (src/playbooks/playbook-schema.ts), so editors
 * validate playbooks while they are typed. `--check` writes nothing and exits 1 when the file is stale
 * (test/unit/playbooks/playbook-json-schema.test.ts does the same check in the test suite).
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderPlaybookJsonSchema } from '../src/playbooks/render-playbook-json-schema';

const target = path.join(__dirname, '..', 'playbooks', 'playbook.schema.json');
const fresh = renderPlaybookJsonSchema();
const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;

if (process.argv.includes('--check')) {
  if (current !== fresh) {
    process.stderr.write(`${path.relative(process.cwd(), target)} is out of date; run npm run schema:playbooks\n`);
    process.exitCode = 1;
  }
} else if (current === fresh) {
  process.stdout.write(`${path.relative(process.cwd(), target)} is up to date\n`);
} else {
  fs.writeFileSync(target, fresh);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
