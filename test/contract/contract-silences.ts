import type { Silence, Store } from '../../src/store/store';
import { minutesLater } from '../helpers/build-delivery';
import type { ContractContext } from './contract-context';

/** listSilences, addSilence, expireSilence: a window [startsAt, endsAt) that can be ended early. */
export function describeSilencesContract(ctx: ContractContext): void {
  describe('silences', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    describe('silences', () => {
      const silence = { id: 'sil_1', matchers: ['alertname="DiskFull"'], createdBy: 'U1', reason: 'maintenance', startsAt: minutesLater(0), endsAt: minutesLater(60) };

      it('lists a silence only within its window', async () => {
        await store.addSilence(silence);
        expect(await store.listSilences(minutesLater(-1))).toEqual([]);
        expect(await store.listSilences(minutesLater(30))).toEqual([silence]);
        expect(await store.listSilences(minutesLater(60))).toEqual([]);
      });

      it('ends a silence early', async () => {
        await store.addSilence(silence);
        expect(await store.expireSilence('sil_1', minutesLater(10))).toBe(true);
        expect(await store.listSilences(minutesLater(11))).toEqual([]);
        expect(await store.expireSilence('sil_1', minutesLater(12))).toBe(false);
      });
    });

    describe('several silences', () => {
      const at = (id: string, startsAt: number, endsAt: number): Silence => ({ id, matchers: ['namespace="prod"', `alertname=~"${id}.*"`], createdBy: 'U2', reason: id, startsAt: minutesLater(startsAt), endsAt: minutesLater(endsAt) });

      it('lists the active ones, soonest ending first, with their matchers in order', async () => {
        await store.addSilence(at('late', 0, 90));
        await store.addSilence(at('soon', 5, 20));
        await store.addSilence(at('future', 30, 40));
        expect(await store.listSilences(minutesLater(10))).toEqual([at('soon', 5, 20), at('late', 0, 90)]);
        expect((await store.listSilences(minutesLater(35))).map((s) => s.id)).toEqual(['future', 'late']);
      });

      it('ends only the silence named, and nothing for an unknown id or one already over', async () => {
        await store.addSilence(at('a', 0, 60));
        await store.addSilence(at('b', 0, 60));
        expect(await store.expireSilence('nope', minutesLater(5))).toBe(false);
        expect(await store.expireSilence('a', minutesLater(61))).toBe(false);
        expect(await store.expireSilence('a', minutesLater(5))).toBe(true);
        expect((await store.listSilences(minutesLater(6))).map((s) => s.id)).toEqual(['b']);
      });
    });
  });
}
