/**
 * Writes playbooks/playbook-test.schema.json from the zod schema (src/playbook-tests/playbook-test-file-schema.ts),
 * so editors validate `*.test.yaml` files while they are typed. `--check` writes nothing and exits 1 when the
 * file is stale (test/unit/playbook-tests/playbook-test-json-schema.test.ts does the same check in the suite).
 */
import path from 'node:path';
import { exportGeneratedFile } from './export-generated-file';
import { renderPlaybookTestJsonSchema } from '../src/playbook-tests/render-playbook-test-json-schema';

exportGeneratedFile(path.join(__dirname, '..', 'playbooks', 'playbook-test.schema.json'), renderPlaybookTestJsonSchema(), 'schema:playbook-tests');
