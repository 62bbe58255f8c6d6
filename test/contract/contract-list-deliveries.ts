import { defaultLifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';
import type { Store } from '../../src/store/store';
import { buildAlert, buildDelivery, minutesLater } from '../helpers/build-delivery';
import type { ContractContext } from './contract-context';

/** listDeliveries: the stored deliveries of a window, oldest first, paged by cursor, bodies decoded; getDelivery by id. */
export function describeListDeliveriesContract(ctx: ContractContext): void {
  describe('listDeliveries', () => {
    let store: Store;
    beforeEach(() => {
      store = ctx.store;
    });

    const record = (minutes: number, name: string, raw?: string) =>
      store.recordDelivery(buildDelivery([buildAlert({ name, correlationId: `g-${name}` })], { receivedAt: minutesLater(minutes), ...(raw ? { raw } : {}) }), defaultLifecyclePolicy);

    it('returns the window [since, until) oldest first, with source, time, decisions and the raw body', async () => {
      const outcomes = [await record(5, 'B'), await record(0, 'A'), await record(10, 'C'), await record(20, 'D')];
      const got = await store.listDeliveries({ since: minutesLater(0), until: minutesLater(20), limit: 100 });
      expect(got.map((d) => d.receivedAt)).toEqual([minutesLater(0), minutesLater(5), minutesLater(10)]);
      const a = got[0]!;
      expect(a.id).toBe(outcomes[1]!.deliveryId);
      expect(a).toMatchObject({ source: 'alertmanager', eventType: 'notification', raw: JSON.stringify({ alerts: [buildAlert({ name: 'A' }).key] }) });
      expect(a.decisions).toEqual(outcomes[1]!.decisions);
      expect(a.decisions[0]).toMatchObject({ kind: 'new_incident', alertKey: buildAlert({ name: 'A' }).key, correlationId: 'g-A' });
    });

    it('pages with the cursor, ties on the same instant ordered by id, nothing seen twice or skipped', async () => {
      for (let i = 0; i < 7; i++) await record(i < 4 ? 1 : 2, `N${i}`);
      const seen: string[] = [];
      let after: { receivedAt: string; id: string } | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.listDeliveries({ since: minutesLater(0), until: minutesLater(60), after, limit: 3 });
        seen.push(...page.map((d) => d.id));
        const last = page[page.length - 1];
        if (!last || page.length < 3) break;
        after = { receivedAt: last.receivedAt, id: last.id };
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      const all = await store.listDeliveries({ since: minutesLater(0), until: minutesLater(60), limit: 100 });
      expect(seen).toEqual(all.map((d) => d.id));
      expect(all.map((d) => d.receivedAt)).toEqual([...all.map((d) => d.receivedAt)].sort());
    });

    it('decodes a large body that was stored compressed', async () => {
      const big = JSON.stringify({ alerts: [], padding: 'x'.repeat(20_000) });
      await record(3, 'Big', big);
      const [d] = await store.listDeliveries({ since: minutesLater(0), until: minutesLater(60), limit: 10 });
      expect(d!.raw).toBe(big);
    });

    it('getDelivery: one delivery by id with all its decisions (a 50-alert group), the same after a restart; null for an unknown id', async () => {
      const alerts = Array.from({ length: 50 }, (_, i) => buildAlert({ name: `G${i}`, correlationId: 'g-group' }));
      const outcome = await store.recordDelivery(buildDelivery(alerts, { receivedAt: minutesLater(7) }), defaultLifecyclePolicy);
      await record(8, 'Other');
      const got = await store.getDelivery(outcome.deliveryId);
      expect(got).toMatchObject({ id: outcome.deliveryId, source: 'alertmanager', receivedAt: minutesLater(7), eventType: 'notification' });
      expect(got!.decisions).toHaveLength(50);
      expect(got!.decisions).toEqual(outcome.decisions);
      expect(got!.decisions.map((d) => d.kind)).toEqual(['new_incident', ...Array.from({ length: 49 }, () => 'attached')]);
      expect(await store.getDelivery('dlv_unknown')).toBeNull();
      const reopened = await ctx.reopen();
      expect(JSON.stringify((await reopened.getDelivery(outcome.deliveryId))!.decisions)).toBe(JSON.stringify(outcome.decisions));
    });

    it('reads the same after a restart, and nothing outside the window', async () => {
      await record(30, 'Later');
      const reopened = await ctx.reopen();
      expect(await reopened.listDeliveries({ since: minutesLater(0), until: minutesLater(30), limit: 10 })).toEqual([]);
      expect((await reopened.listDeliveries({ since: minutesLater(30), until: minutesLater(31), limit: 10 })).map((d) => d.receivedAt)).toEqual([minutesLater(30)]);
    });
  });
}
