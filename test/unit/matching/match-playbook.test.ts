import type { IncomingAlert } from '../../../src/core/alerts/alert';
import { matchPlaybook } from '../../../src/playbooks/match-playbook';
import type { Playbook } from '../../../src/core/playbooks/playbook';

type MatchablePlaybook = Pick<Playbook, 'match' | 'source' | 'status' | 'name'>;

const playbook = (overrides: Partial<MatchablePlaybook> = {}): MatchablePlaybook => ({
  name: 'restart-crashlooping-deployment',
  match: ['alertname="KubePodCrashLooping"', 'namespace=~"prod|staging"'],
  status: 'firing',
  ...overrides,
});

const alert = (overrides: Partial<Pick<IncomingAlert, 'source' | 'status' | 'labels'>> = {}) => ({
  source: 'alertmanager' as const,
  status: 'firing' as const,
  labels: { alertname: 'KubePodCrashLooping', namespace: 'prod', deployment: 'checkout' },
  ...overrides,
});

describe('matchPlaybook', () => {
  describe('when every condition holds', () => {
    it('matches', () => {
      expect(matchPlaybook(playbook(), alert())).toEqual({ matched: true });
    });

    it('matches any source when the playbook names none', () => {
      expect(matchPlaybook(playbook({ match: [] }), alert({ source: 'pagerduty', labels: {} }))).toEqual({ matched: true });
    });
  });

  describe('when a condition fails', () => {
    it('names the source mismatch', () => {
      expect(matchPlaybook(playbook({ source: 'alertmanager' }), alert({ source: 'pagerduty' }))).toEqual({
        matched: false,
        reason: 'source is pagerduty, playbook wants alertmanager',
      });
    });

    it('names the status mismatch', () => {
      expect(matchPlaybook(playbook(), alert({ status: 'resolved' }))).toEqual({
        matched: false,
        reason: 'status is resolved, playbook wants firing',
      });
    });

    it('never matches an alert without a status (an acknowledgement or note)', () => {
      const result = matchPlaybook(playbook({ match: [] }), alert({ status: null }));
      expect(result).toEqual({ matched: false, reason: expect.stringContaining('without a status') });
    });

    it('can target resolved alerts', () => {
      expect(matchPlaybook(playbook({ status: 'resolved' }), alert({ status: 'resolved' }))).toEqual({ matched: true });
    });

    it('names the failing matcher as written and the label value it saw', () => {
      const result = matchPlaybook(playbook(), alert({ labels: { alertname: 'KubePodCrashLooping', namespace: 'dev' } }));
      expect(result).toEqual({ matched: false, reason: 'matcher namespace=~"prod|staging" failed: namespace="dev"' });
    });

    it('says when the label is not set at all', () => {
      const result = matchPlaybook(playbook(), alert({ labels: { alertname: 'KubePodCrashLooping' } }));
      expect(result).toEqual({ matched: false, reason: 'matcher namespace=~"prod|staging" failed: namespace is not set' });
    });

    it('reports the first failing condition in order: source before status before matchers', () => {
      const result = matchPlaybook(playbook({ source: 'alertmanager' }), alert({ source: 'pagerduty', status: 'resolved', labels: {} }));
      expect(result).toEqual({ matched: false, reason: 'source is pagerduty, playbook wants alertmanager' });
    });

    it('reports the first failing matcher in the order written', () => {
      const result = matchPlaybook(playbook(), alert({ labels: { alertname: 'Other', namespace: 'dev' } }));
      expect(result).toEqual({ matched: false, reason: 'matcher alertname="KubePodCrashLooping" failed: alertname="Other"' });
    });

    it('quotes hostile label values instead of letting them shape the explanation', () => {
      const result = matchPlaybook(playbook(), alert({ labels: { alertname: 'KubePodCrashLooping', namespace: 'dev"\n; rm -rf /' } }));
      expect(result).toEqual({ matched: false, reason: 'matcher namespace=~"prod|staging" failed: namespace="dev\\"\\n; rm -rf /"' });
    });
  });

  describe('with an invalid matcher (loading should have refused it)', () => {
    it('does not match and explains why instead of throwing on the alert path', () => {
      const result = matchPlaybook(playbook({ match: ['namespace=~"prod("'] }), alert());
      expect(result).toEqual({ matched: false, reason: expect.stringMatching(/restart-crashlooping-deployment has an invalid matcher.*invalid regex/) });
    });
  });

  describe('compiled matchers', () => {
    it('give the same answer on every call for the same playbook object', () => {
      const pb = playbook();
      const results = [alert(), alert({ labels: { alertname: 'KubePodCrashLooping', namespace: 'dev' } }), alert()].map((a) => matchPlaybook(pb, a).matched);
      expect(results).toEqual([true, false, true]);
    });

    it('are rebuilt when the playbook object gets a new match list', () => {
      const pb = playbook();
      expect(matchPlaybook(pb, alert()).matched).toBe(true);
      pb.match = ['namespace="staging"'];
      expect(matchPlaybook(pb, alert())).toEqual({ matched: false, reason: 'matcher namespace="staging" failed: namespace="prod"' });
    });
  });
});
