import type { CorrelatedAlert } from '../../../src/core/alerts/alert';
import { commonLabelsByCorrelation } from '../../../src/core/incidents/common-labels-by-correlation';

const alert = (correlationId: string, labels: Record<string, string>): CorrelatedAlert =>
  ({ source: 'alertmanager', key: `k${Math.random()}`, status: 'firing', labels, annotations: {}, summary: 's', defaultCorrelationId: correlationId, correlationId }) as CorrelatedAlert;

describe('commonLabelsByCorrelation', () => {
  it('keeps, per correlation ID, the labels every alert of it has with the same value, in the first alert’s order', () => {
    const out = commonLabelsByCorrelation([
      alert('g1', { alertname: 'A', pod: 'p1', ns: 'prod', '10': 'x' }),
      alert('g2', { alertname: 'B', pod: 'q' }),
      alert('g1', { ns: 'prod', alertname: 'A', pod: 'p2', '10': 'x' }),
      alert('g1', { alertname: 'A', ns: 'prod', '10': 'y' }),
    ]);
    expect([...out.keys()]).toEqual(['g1', 'g2']);
    expect(out.get('g1')).toEqual({ alertname: 'A', ns: 'prod' });
    expect(Object.keys(out.get('g1')!)).toEqual(['alertname', 'ns']);
    expect(out.get('g2')).toEqual({ alertname: 'B', pod: 'q' });
  });

  it('drops a label named like an Object.prototype member that a later alert lacks', () => {
    const out = commonLabelsByCorrelation([alert('g', { constructor: 'c', a: '1' }), alert('g', { a: '1' })]);
    expect(out.get('g')).toEqual({ a: '1' });
  });

  it('gives a copy, never the alert’s own labels object', () => {
    const labels = { a: '1' };
    const out = commonLabelsByCorrelation([alert('g', labels)]);
    expect(out.get('g')).toEqual(labels);
    expect(out.get('g')).not.toBe(labels);
  });
});
