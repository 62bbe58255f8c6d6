import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lineReader, repoRoot } from '../../helpers/start-mendbot';
import { freePort } from '../free-port';
import type { Peer } from './start-bare-express';

/**
 * Node-RED 4 (devDependency) as a second "parse and answer" peer: its own process, the flow in
 * ../node-red/flows.json (http in → change → http response 200 {"ok":true}), a throw-away user dir.
 * Resolves undefined when node-red is not installed, so the bench still runs without it.
 */
export async function startNodeRed(): Promise<Peer | undefined> {
  let redJs: string;
  try {
    redJs = require.resolve('node-red/red.js', { paths: [repoRoot] });
  } catch {
    return undefined;
  }
  const port = await freePort();
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-bench-node-red-'));
  const child = spawn(process.execPath, [redJs, '--settings', path.join(__dirname, '..', 'node-red', 'settings.js'), '--userDir', userDir], {
    cwd: userDir,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const logs: string[] = [];
  lineReader(child.stdout!, (line) => logs.push(line));
  lineReader(child.stderr!, (line) => logs.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node-red exited (${child.exitCode}):\n${logs.join('\n')}`);
    try {
      const res = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"alerts":[]}' });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`node-red not ready on ${url} within 30 s:\n${logs.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}
