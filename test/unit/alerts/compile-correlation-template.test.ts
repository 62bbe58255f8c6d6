import { compileCorrelationTemplate } from '../../../src/core/alerts/compile-correlation-template';
import { buildAlert } from '../../helpers/build-delivery';

describe('compileCorrelationTemplate', () => {
  const alert = buildAlert({ labels: { alertname: 'HighErrorRate', service: 'checkout' }, annotations: { team: 'payments' }, defaultCorrelationId: 'gk' });

  it('renders labels, annotations and built-ins', () => {
    expect(compileCorrelationTemplate('{{ labels.alertname }}/{{labels.service}}')(alert)).toBe('HighErrorRate/checkout');
    expect(compileCorrelationTemplate('{{ annotations.team }}:{{ source }}:{{ default }}')(alert)).toBe('payments:alertmanager:gk');
  });

  it('returns undefined when a referenced label is missing, so the caller can fall back', () => {
    expect(compileCorrelationTemplate('{{ labels.cluster }}')(alert)).toBeUndefined();
  });

  it.each(['{{ labels.a | upper }}', '{{ process.env.HOME }}', '{{ constructor }}', '{{ }}', '{{ labels.a'])('refuses %s at compile time', (t) => {
    expect(() => compileCorrelationTemplate(t)).toThrow(/placeholder/);
  });

  it('keeps label values as data: a hostile value is just text', () => {
    const hostile = buildAlert({ labels: { service: '{{ labels.x }}$(reboot)' } });
    expect(compileCorrelationTemplate('svc/{{ labels.service }}')(hostile)).toBe('svc/{{ labels.x }}$(reboot)');
  });
});

describe('compileCorrelationTemplate with placeholders at the edges', () => {
  it('renders a template that starts and ends with a placeholder', () => {
    const alert = buildAlert({ labels: { alertname: 'A', namespace: 'prod' } });
    expect(compileCorrelationTemplate('{{ labels.alertname }}/{{ labels.namespace }}')(alert)).toBe('A/prod');
    expect(compileCorrelationTemplate('{{ labels.alertname }}')(alert)).toBe('A');
  });
});
