import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { lineReader, repoRoot } from '../../helpers/start-mendbot';

/** A "parse and answer" baseline server running as its own process. */
export interface Peer {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/** Starts ../bare-express-server.ts as its own process and waits for the port it prints. */
export async function startBareExpress(): Promise<Peer & { child: ChildProcess }> {
  const script = path.join(__dirname, '..', 'bare-express-server.ts');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logs: string[] = [];
  lineReader(child.stderr!, (line) => logs.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare express did not start:\n${logs.join('\n')}`)), 20_000);
    lineReader(child.stdout!, (line) => {
      try {
        const r = JSON.parse(line) as { msg?: string; port?: number };
        if (r.msg === 'listening' && typeof r.port === 'number') {
          clearTimeout(timer);
          resolve(r.port);
        }
      } catch {
        logs.push(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare express exited (${code}):\n${logs.join('\n')}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
