import { buildAlert } from '../../helpers/build-delivery';
import { startEngine, type Engine } from '../../helpers/start-engine';

// Through the real executor: a step refused by the outbound guard fails at once, whatever its `retry:`
// says, with the documented message in the run record.
const playbook = (url: string) => `
name: probe-metadata
mode: auto
match: ['alertname="HighErrorRate"']
steps:
  - id: call
    action: http
    with: { method: GET, url: "${url}" }
    retry: { attempts: 5, initial: 10ms, max: 20ms }
`;

describe('a denied playbook request', () => {
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it.each(['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'http://2852039166/', 'http://[::ffff:169.254.169.254]/', 'http://metadata.google.internal/computeMetadata/v1/'])(
    'fails the step after one attempt, not retried: %s',
    async (url) => {
      engine = await startEngine({ playbooks: [playbook(url)] });
      await engine.deliver([buildAlert({ name: 'HighErrorRate', labels: { alertname: 'HighErrorRate' } })]);
      const [run] = await engine.settle();
      const step = run!.steps.find((s) => s.id === 'call');
      expect(run!.status).toBe('failed');
      expect(step).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/^http: outbound request to .+ denied: /) });
    },
  );
});
