import type { Store } from '../../src/store/store';
import type { ContractContext } from './contract-context';

/** getChatRef and putChatRef: where a thread or approval message lives; the first writer wins. */
export function describeChatRefsContract(ctx: ContractContext): void {
  describe('chat', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    describe('chat references', () => {
      it('keeps the first reference stored for a key', async () => {
        expect(await store.getChatRef('incident:inc_1')).toBeNull();
        expect(await store.putChatRef('incident:inc_1', { channel: 'C1', ts: '1.1' })).toEqual({ channel: 'C1', ts: '1.1' });
        expect(await store.putChatRef('incident:inc_1', { channel: 'C1', ts: '2.2' })).toEqual({ channel: 'C1', ts: '1.1' });
        expect(await store.getChatRef('incident:inc_1')).toEqual({ channel: 'C1', ts: '1.1' });
      });
    });

    describe('chat references under concurrency', () => {
      it('returns the same stored reference to every one of many concurrent writers', async () => {
        const peer = await ctx.openPeer();
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? peer : store).putChatRef('run:run_1', { channel: 'C1', ts: `${i}.0` })));
        const stored = await store.getChatRef('run:run_1');
        expect(stored).not.toBeNull();
        expect(results).toEqual(Array.from({ length: 10 }, () => stored));
      });

      it('keeps keys independent', async () => {
        await store.putChatRef('incident:inc_1', { channel: 'C1', ts: '1.1' });
        expect(await store.putChatRef('run:run_1', { channel: 'C2', ts: '9.9' })).toEqual({ channel: 'C2', ts: '9.9' });
        expect(await store.getChatRef('incident:inc_2')).toBeNull();
      });
    });
  });
}
