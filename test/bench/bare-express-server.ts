/**
 * The baseline for the intake benchmark: a bare express 5 app that parses the same JSON body mendbot gets
 * (`express.json({ limit: '5mb' })`) and answers 200 `{ok:true}`. It runs as its own process (its own event
 * loop, like mendbot): `node -r @swc-node/register test/bench/bare-express-server.ts`. Listens on 127.0.0.1,
 * an ephemeral port (or PORT), prints `{"msg":"listening","port":N}` on stdout, and exits 0 on SIGTERM/SIGINT.
 */
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.post('/webhooks/alertmanager', express.json({ limit: '5mb' }), (_req, res) => {
  res.status(200).json({ ok: true });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ msg: 'listening', port })}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
