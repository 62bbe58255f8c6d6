import fs from 'node:fs';
import path from 'node:path';
import { startQuietMendbot } from '../start-quiet-mendbot';
import { enginePlaybook } from './engine-playbook';
import { engineSettings } from './engine-settings';

export interface EngineServer {
  url: string;
  dataDir: string;
  logs: string[];
  /** SIGTERM (SIGKILL after 30 s), then removes the data dir unless BENCH_KEEP_DATA. */
  stop(): Promise<number | null>;
}

/** A fresh built mendbot at LOG_LEVEL=warn whose only playbook is the benchmark's, matching `matcher`. */
export async function startEngineServer(name: string, matcher: string): Promise<EngineServer> {
  const { concurrency } = engineSettings;
  const server = await startQuietMendbot({
    name,
    dataDirPrefix: `mendbot-engine-bench-${name}-`,
    playbooksDir: (dataDir) => {
      const dir = path.join(dataDir, 'playbooks');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'engine-bench.yaml'), enginePlaybook(matcher));
      return dir;
    },
    env: concurrency ? { MENDBOT_EXECUTOR_CONCURRENCY: concurrency } : {},
    nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    dropProxyEnv: true,
    logToFile: Boolean(process.env.BENCH_SERVER_LOG_TO_FILE),
  });
  return {
    url: server.url,
    dataDir: server.dataDir,
    logs: server.logs,
    async stop() {
      const code = await server.stop(30_000);
      if (!process.env.BENCH_KEEP_DATA) fs.rmSync(server.dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
