import { register as globalRegistry } from 'prom-client';
import { createMetrics } from '../../../src/telemetry/create-metrics';

describe('createMetrics', () => {
  it('exposes every mendbot_ series on its own registry', async () => {
    const metrics = createMetrics();
    metrics.alertsReceived.inc({ source: 'alertmanager', status: 'firing' });
    metrics.deliveries.inc({ source: 'alertmanager', outcome: 'accepted' });
    metrics.decisions.inc({ kind: 'new_incident' });
    metrics.webhookDuration.observe({ source: 'alertmanager', status_code: '200' }, 0.004);
    metrics.storeErrors.inc({ operation: 'record_delivery' });
    metrics.flapping.inc();

    const text = await metrics.registry.metrics();
    expect(text).toContain('mendbot_alerts_received_total{source="alertmanager",status="firing"} 1');
    expect(text).toContain('mendbot_webhook_deliveries_total{source="alertmanager",outcome="accepted"} 1');
    expect(text).toContain('mendbot_decisions_total{kind="new_incident"} 1');
    expect(text).toContain('mendbot_webhook_duration_seconds_bucket{le="0.005",source="alertmanager",status_code="200"} 1');
    expect(text).toContain('mendbot_store_errors_total{operation="record_delivery"} 1');
    expect(text).toContain('mendbot_incidents_flapping_total 1');
    expect(text).toContain('# TYPE mendbot_open_incidents gauge');
    expect(text).toContain('mendbot_process_cpu_seconds_total');
    expect(text).toContain('mendbot_nodejs_eventloop_lag_seconds');
  });

  it('uses buckets from 1ms to 1s for webhook durations', async () => {
    const metrics = createMetrics();
    metrics.webhookDuration.observe({ source: 'pagerduty', status_code: '202' }, 0.0005);
    const text = await metrics.registry.metrics();
    const bounds = [...text.matchAll(/mendbot_webhook_duration_seconds_bucket\{le="([^"]+)"/g)].map((m) => m[1]);
    expect(bounds[0]).toBe('0.001');
    expect(bounds.at(-2)).toBe('1');
    expect(bounds.at(-1)).toBe('+Inf');
  });

  it('leaves the global registry alone, so two instances do not clash', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.flapping.inc();
    expect(await second.registry.metrics()).toContain('mendbot_incidents_flapping_total 0');
    expect(await first.registry.metrics()).toContain('mendbot_incidents_flapping_total 1');
    expect(await globalRegistry.metrics()).not.toContain('mendbot_');
  });

  describe('mendbot_open_incidents', () => {
    it('reads the count from the collector at scrape time', async () => {
      const metrics = createMetrics();
      let open = 3;
      metrics.setOpenIncidentsCollector(async () => open);
      expect(await metrics.registry.metrics()).toContain('mendbot_open_incidents 3');
      open = 1;
      expect(await metrics.registry.metrics()).toContain('mendbot_open_incidents 1');
    });

    it('reports NaN and counts a store error when the collector fails, without failing the scrape', async () => {
      const metrics = createMetrics();
      metrics.setOpenIncidentsCollector(() => {
        throw new Error('database is locked');
      });
      // prom-client spells it "Nan"; Prometheus parses NaN in any case.
      expect(await metrics.registry.metrics()).toMatch(/^mendbot_open_incidents nan$/im);
      expect(await metrics.registry.getSingleMetricAsString('mendbot_store_errors_total')).toContain(
        'mendbot_store_errors_total{operation="count_open_incidents"} 1',
      );
    });
  });
});
