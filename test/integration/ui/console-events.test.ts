/** The live-update stream must not hold up a graceful shutdown. */
import { consoleClient } from './console-client';
import { startConsoleApp } from './start-console-app';

it('ends open event streams when the server stops listening, so shutdown does not wait for them', async () => {
  const app = await startConsoleApp({ tokens: { vera: ['viewer', 'viewer-token-0123456789'] } });
  try {
    const viewer = await consoleClient(app.url, 'viewer-token-0123456789');
    const res = await fetch(`${app.url}/ui/events`, { headers: { cookie: viewer.cookie } });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry: 2000');
    const started = Date.now();
    await app.stopListening();
    expect(Date.now() - started).toBeLessThan(3000);
    // The stream was ended by the server (a clean end, not a reset).
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  } finally {
    await app.close();
  }
});
