import fs from 'node:fs';
import path from 'node:path';
import { isPlaybookTestFileName } from './is-playbook-test-file-name';

/**
 * The test files named by `paths`: a file is taken as it is, a directory gives its `*.test.yaml` files
 * (not its subdirectories, like the playbook loader), in name order. A path that does not exist is an
 * error of the caller (usage), reported in `missing`.
 */
export function findPlaybookTestFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) {
      const names = fs.readdirSync(p).filter(isPlaybookTestFileName).sort();
      files.push(...names.map((n) => path.join(p, n)));
    } else {
      files.push(p);
    }
  }
  return { files: [...new Set(files)], missing };
}
