import type { PagerDutyEventsClient } from './create-pagerduty-events-client';

/** What every PagerDuty action factory takes. */
export interface PagerDutyActionDeps {
  /** PAGERDUTY_ROUTING_KEY: the Events API v2 integration key of the service to page. Absent: steps fail permanently. */
  routingKey?: string;
  /** Default: `createPagerDutyEventsClient()` against events.pagerduty.com. */
  client?: PagerDutyEventsClient;
}
