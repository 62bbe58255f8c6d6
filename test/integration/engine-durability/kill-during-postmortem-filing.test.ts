/**
 * The server dies twice around a failed run's postmortem: first right after the checkpoint that gives the run
 * its final status `failed` (the postmortem is scheduled in that same write), then, on the restarted process,
 * in the middle of filing it: after the ticket was created in GitHub and its reference stored, before the
 * attempt was marked filed. After the second restart the postmortem must be filed as that one ticket (updated,
 * never created twice) and no step of the run may repeat.
 *
 * GitHub is the loopback fake of the Issues API (test/fakes/start-fake-github-api.ts). Slow by nature: the
 * postmortem job runs every 15 s on one replica at a time, under a scheduled-job lease a dead process holds
 * until it expires (60 s).
 * The common setup is described in kill-scenario.ts. Needs `npm run build`.
 */
import { startFakeGitHubApi } from '../../fakes/start-fake-github-api';
import { waitFor } from '../../helpers/wait-for';
import { getIncident, logTail, stepOf, type ApiRun } from './durability-harness';
import { crashAfter, KillScenario, type Target } from './kill-scenario';

jest.setTimeout(240_000);

describe('mendbot killed with SIGKILL at a run checkpoint, then restarted on the same data directory', () => {
  describe('(i) killed after a failed outcome, then while its postmortem is filed', () => {
    const s = new KillScenario();
    let fast: Target;
    let github: Awaited<ReturnType<typeof startFakeGitHubApi>>;
    let atFirstCrash: ApiRun | undefined;
    let postmortem: { state: string; ticket: { tracker: string; id: string } | null } | undefined;

    beforeAll(async () => {
      fast = await s.target();
      github = await startFakeGitHubApi({ token: 'ghp_durable', repository: 'acme/incidents' });
      const tracker = { GITHUB_TOKEN: 'ghp_durable', GITHUB_REPOSITORY: 'acme/incidents', GITHUB_API_URL: github.apiUrl };
      await s.begin(
        `
name: durability-postmortem
match: ['alertname="DurabilityPostmortem"']
mode: auto
steps:
  - id: one
    action: http
    with: { method: POST, url: "${fast.url}/step1" }
    compensate: [{ action: http, with: { method: POST, url: "${fast.url}/undo1", expect_status: [204] } }]
  - id: two
    action: http
    with: { method: POST, url: "${fast.url}/fails", expect_status: [204] }
`,
        'DurabilityPostmortem',
        { ...tracker, ...crashAfter('run:failed') },
      );
      await s.awaitSelfCrash();
      await s.crashAndRestart({ ...tracker, ...crashAfter('postmortem:ticket-stored') });
      atFirstCrash = (await getIncident(s.latest!.url, s.incidentId)).runs[0];
      await s.awaitSelfCrash(120_000);
      await s.crashAndRestart(tracker);
      postmortem = await waitFor(
        async () => {
          const pm = (await getIncident(s.latest!.url, s.incidentId)) as unknown as { postmortem: typeof postmortem };
          return pm.postmortem?.state === 'filed' ? pm.postmortem : undefined;
        },
        { description: 'the postmortem filed by the third process', timeoutMs: 120_000, intervalMs: 250 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n--- third process ---\n${logTail(s.latest)}`);
      });
      await s.settle();
    });
    afterAll(async () => {
      await s.close();
      await github?.close();
    });

    it('died first right after the failed outcome was stored, then right after the ticket reference was stored', () => {
      expect(s.first!.logs.some((l) => l.includes('test crash after checkpoint run:failed'))).toBe(true);
      expect(s.second!.logs.some((l) => l.includes('test crash after checkpoint postmortem:ticket-stored'))).toBe(true);
      expect(atFirstCrash).toMatchObject({ status: 'failed' });
    });

    it('files the postmortem as the one ticket created before the crash', () => {
      expect(github.issues).toHaveLength(1);
      expect(github.received.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(github.received.some((r) => r.method === 'PATCH')).toBe(true);
      expect(postmortem).toMatchObject({ state: 'filed', ticket: { tracker: 'github', id: String(github.issues[0]!.number) } });
    });

    it('leaves the run as it was finished before the first crash, with no step repeated', () => {
      expect(s.run).toEqual(atFirstCrash);
      expect(s.run!.status).toBe('failed');
      expect(stepOf(s.run!, 'one.compensate.0')).toMatchObject({ status: 'failed', attempts: 1 });
      expect(fast.requests.map((r) => r.path)).toEqual(['/step1', '/fails', '/undo1']);
    });
  });
});
