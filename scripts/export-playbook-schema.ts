/**
 * Writes playbooks/playbook.schema.json from the zod schema (src/playbooks/playbook-schema.ts), so editors
 * validate playbooks while they are typed. `--check` writes nothing and exits 1 when the file is stale
 * (test/unit/playbooks/playbook-json-schema.test.ts does the same check in the test suite).
 */
import path from 'node:path';
import { exportGeneratedFile } from './export-generated-file';
import { renderPlaybookJsonSchema } from '../src/playbooks/render-playbook-json-schema';

exportGeneratedFile(path.join(__dirname, '..', 'playbooks', 'playbook.schema.json'), renderPlaybookJsonSchema(), 'schema:playbooks');
