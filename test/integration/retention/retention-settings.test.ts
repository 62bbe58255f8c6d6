import { ConfigError } from '../../../src/config/config-error';
import { loadConfig } from '../../../src/config/load-config';

const day = 86_400_000;

/** MENDBOT_RETENTION_DELIVERIES / MENDBOT_RETENTION_INCIDENTS as the retention job receives them. */
describe('retention settings', () => {
  it('default to 30 days for deliveries (as the MongoDB TTL did) and 90 days for resolved incidents', () => {
    expect(loadConfig({}).retention).toEqual({ deliveriesMs: 30 * day, incidentsMs: 90 * day });
  });

  it('take durations, and 0 keeps incidents forever', () => {
    expect(loadConfig({ MENDBOT_RETENTION_DELIVERIES: '7d', MENDBOT_RETENTION_INCIDENTS: '0' }).retention).toEqual({ deliveriesMs: 7 * day, incidentsMs: 0 });
  });

  it('refuse values under an hour (PagerDuty still retries a webhook id that long), naming the setting', () => {
    let error: unknown;
    try {
      loadConfig({ MENDBOT_RETENTION_DELIVERIES: '10m', MENDBOT_RETENTION_INCIDENTS: '30m' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/MENDBOT_RETENTION_DELIVERIES.*at least 1h/);
    expect(problems).toMatch(/MENDBOT_RETENTION_INCIDENTS.*0 \(keep forever\) or/);
  });
});
