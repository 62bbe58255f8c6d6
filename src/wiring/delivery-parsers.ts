import { parseAlertmanagerWebhook } from '../../integrations/alertmanager/parse-alertmanager-webhook';
import { parsePagerDutyWebhook } from '../../integrations/pagerduty/parse-pagerduty-webhook';
import type { DeliveryParsers } from '../backtest/alerts-of-delivery';

/** The sources' own parsers, for replaying stored bodies (`mendbot backtest`, the backtest API). */
export const deliveryParsers: DeliveryParsers = {
  alertmanager: (raw) => parseAlertmanagerWebhook(Buffer.from(raw, 'utf8')),
  pagerduty: (raw) => parsePagerDutyWebhook(Buffer.from(raw, 'utf8')),
};
