import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCheckpointer } from '../../src/store/sqlite/start-checkpointer';

describe('the WAL checkpointer thread', () => {
  it('does not take the process down when its database is gone before it starts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-ckpt-'));
    fs.rmSync(dir, { recursive: true, force: true });
    const stop = startCheckpointer(path.join(dir, 'mendbot.db'), 50);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stop();
    expect(fs.existsSync(dir)).toBe(false);
  });
});
