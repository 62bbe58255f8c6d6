import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/telemetry/create-logger';

/** A fresh temp directory for playbook files; `remove()` deletes it. */
export function makePlaybookDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-playbooks-'));
  return {
    dir,
    /** Writes `name` and returns its full path. */
    write(name: string, text: string): string {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    unlink(name: string): void {
      fs.unlinkSync(path.join(dir, name));
    },
    remove(): void {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The smallest valid playbook, with `extra` YAML lines appended at the top level. */
export function minimalPlaybook(name: string, ...extra: string[]): string {
  return [`name: ${name}`, 'match: [alertname="DiskFull"]', 'steps:', '  - id: notify', '    action: notify', ...extra, ''].join('\n');
}

/** A logger writing JSON lines into memory, and those lines parsed. */
export function memoryLogger(): { log: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log: createLogger({ level: 'info', stream }), lines };
}
