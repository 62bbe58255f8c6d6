/**
 * A counting HTTP target (like test/helpers/start-counting-target.ts) that also records WHICH process sent
 * each request, for tests that run several mendbot processes against one target.
 *
 * How: while the request is open, the client's socket is found in /proc/net/tcp (the row whose local port is
 * the request's remote port and whose remote port is ours) and its inode is looked up among the file
 * descriptors of each candidate process (/proc/<pid>/fd/* → "socket:[inode]"). That is the kernel's own
 * answer to "who holds this connection", independent of anything mendbot logs. Linux only; elsewhere (or if
 * the lookup fails) the sender is recorded as "unknown".
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface SenderAwareRequest {
  method: string;
  path: string;
  body: string;
  /** Date.now() when the request (head and body) had arrived. */
  at: number;
  /** Name of the process holding the client socket, or "unknown". */
  sender: string;
}

export async function startSenderAwareTarget(options: { delayMs?: number; processes: () => Record<string, number | undefined> }) {
  const requests: SenderAwareRequest[] = [];
  let port = 0;
  const server = http.createServer((req, res) => {
    const sender = senderOf(req.socket.remotePort ?? 0, port, options.processes());
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', path, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), sender });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, path, n: requests.length }));
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path?: string) => requests.filter((r) => path === undefined || r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Which of `processes` (name → pid) holds the TCP socket 127.0.0.1:clientPort → 127.0.0.1:serverPort. */
function senderOf(clientPort: number, serverPort: number, processes: Record<string, number | undefined>): string {
  try {
    const inode = socketInode(clientPort, serverPort);
    if (inode === undefined) return 'unknown';
    const wanted = `socket:[${inode}]`;
    for (const [name, pid] of Object.entries(processes)) {
      if (pid === undefined) continue;
      const dir = `/proc/${pid}/fd`;
      for (const fd of fs.readdirSync(dir)) {
        try {
          if (fs.readlinkSync(`${dir}/${fd}`) === wanted) return name;
        } catch {
          // fd closed meanwhile
        }
      }
    }
  } catch {
    // no /proc, or the process is gone
  }
  return 'unknown';
}

function socketInode(localPort: number, remotePort: number): string | undefined {
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const local = parseInt(cols[1]!.split(':')[1]!, 16);
      const remote = parseInt(cols[2]!.split(':')[1]!, 16);
      if (local === localPort && remote === remotePort) return cols[9];
    }
  }
  return undefined;
}
