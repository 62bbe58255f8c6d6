/**
 * Writes playbooks/playbook-test.schema.json from the zod schema (src/playbook-tests/playbook-test-file-schema.ts),
 * so editors validate `*.test.yaml` files while they are typed. `--check` writes nothing and exits 1 when the
 * file is stale (test/unit/playbook-tests/playbook-test-json-schema.test.ts does the same check in the suite).
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderPlaybookTestJsonSchema } from '../src/playbook-tests/render-playbook-test-json-schema';

const target = path.join(__dirname, '..', 'playbooks', 'playbook-test.schema.json');
const fresh = renderPlaybookTestJsonSchema();
const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;

if (process.argv.includes('--check')) {
  if (current !== fresh) {
    process.stderr.write(`${path.relative(process.cwd(), target)} is out of date; run npm run schema:playbook-tests\n`);
    process.exitCode = 1;
  }
} else if (current === fresh) {
  process.stdout.write(`${path.relative(process.cwd(), target)} is up to date\n`);
} else {
  fs.writeFileSync(target, fresh);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
