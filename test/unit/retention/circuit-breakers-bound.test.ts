import { CircuitState } from 'cockatiel';
import { createBreakers } from '../../../src/engine/create-step-policy';

/** The per-host breakers of the http action: hosts are rendered from alert labels, so their number is unbounded. */
describe('createBreakers', () => {
  it('keeps at most maxHosts breakers, forgetting closed ones first and keeping an open one', async () => {
    const breakerFor = createBreakers({ threshold: 1, maxHosts: 2 });
    const down = breakerFor('down.example:443')!;
    await down.execute(() => Promise.reject(new Error('connection refused'))).catch(() => undefined);
    const fine = breakerFor('fine.example:443')!;

    breakerFor('new.example:443'); // over the bound: the closed breaker goes, the open one stays
    expect(breakerFor('down.example:443')).toBe(down);
    expect((down as unknown as { state: CircuitState }).state).toBe(CircuitState.Open);
    expect(breakerFor('fine.example:443')).not.toBe(fine);
  });

  it('stays bounded under many distinct hosts', () => {
    const breakerFor = createBreakers({ maxHosts: 10 });
    const first = breakerFor('host-0:443');
    for (let i = 1; i < 5_000; i++) breakerFor(`host-${i}:443`);
    expect(breakerFor('host-0:443')).not.toBe(first);
    expect(breakerFor('host-4999:443')).toBe(breakerFor('host-4999:443'));
  });
});
