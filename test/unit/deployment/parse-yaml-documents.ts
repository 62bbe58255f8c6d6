import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { deploymentPaths } from './deployment-paths';

/** Every document of a (multi-document) YAML file; a syntax error anywhere fails the parse. */
export function parseYamlDocuments(file: string): unknown[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path.relative(deploymentPaths.root, file)}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
}
