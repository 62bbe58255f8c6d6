import { createManualClock } from '../../../src/core/clock';
import { StoreUnavailableError } from '../../../src/core/errors';
import { createCommitHealth } from '../../../src/telemetry/create-commit-health';

const locked = () => new StoreUnavailableError('could not commit to the SQLite store', new Error('database is locked'));

describe('createCommitHealth', () => {
  it('is healthy until a commit fails with StoreUnavailableError, and again after one succeeds', async () => {
    const health = createCommitHealth({ clock: createManualClock() });
    await expect(health.track(Promise.resolve('ok'))).resolves.toBe('ok');
    expect(health.problem()).toBeUndefined();
    await expect(health.track(Promise.reject(new Error('a bug, not the store')))).rejects.toThrow('a bug');
    expect(health.problem()).toBeUndefined();

    await expect(health.track(Promise.reject(locked()))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(health.track(Promise.reject(locked()))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(health.problem()).toEqual({ since: '2026-03-14T09:40:00.000Z', failures: 2, lastError: 'could not commit to the SQLite store: database is locked' });
    await health.track(Promise.resolve());
    expect(health.problem()).toBeUndefined();
  });

  it('verify: no probe while healthy; while unhealthy one probe at a time, at most once per interval', async () => {
    const clock = createManualClock();
    const health = createCommitHealth({ clock, probeIntervalMs: 1_000 });
    let probes = 0;
    let probeFails = true;
    const probe = async () => {
      probes++;
      if (probeFails) throw locked();
    };
    await health.verify(probe);
    expect(probes).toBe(0);

    await health.track(Promise.reject(locked())).catch(() => undefined);
    const both = await Promise.allSettled([health.verify(probe), health.verify(probe)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(probes).toBe(1);
    expect(String((both[0] as PromiseRejectedResult).reason)).toMatch(/cannot commit: 2 commit\(s\) failed since .*database is locked/);

    probeFails = false;
    await expect(health.verify(probe)).rejects.toBeInstanceOf(StoreUnavailableError); // within the interval: the verdict stands
    expect(probes).toBe(1);
    clock.advance(1_000);
    await expect(health.verify(probe)).resolves.toBeUndefined();
    expect(probes).toBe(2);
    expect(health.problem()).toBeUndefined();
  });
});
