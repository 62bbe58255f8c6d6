import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file generated from code (a JSON Schema from its zod schema) unless it is already current. With
 * `--check` in argv it writes nothing and sets exit code 1 when the file is stale, naming the npm script to run.
 */
export function exportGeneratedFile(target: string, fresh: string, npmScript: string): void {
  const shown = path.relative(process.cwd(), target);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (process.argv.includes('--check')) {
    if (current !== fresh) {
      process.stderr.write(`${shown} is out of date; run npm run ${npmScript}\n`);
      process.exitCode = 1;
    }
  } else if (current === fresh) {
    process.stdout.write(`${shown} is up to date\n`);
  } else {
    fs.writeFileSync(target, fresh);
    process.stdout.write(`wrote ${shown}\n`);
  }
}
