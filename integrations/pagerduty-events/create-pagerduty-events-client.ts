import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { isAxiosError } from '../outbound/is-axios-error';
import { lazyAxios } from '../outbound/lazy-axios';

const DEFAULT_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** The Events API refuses bodies above 512 KB; checked before sending, as a permanent error. */
const MAX_BODY_BYTES = 512 * 1024;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** An Events API v2 event, field for field as PagerDuty reads it at `POST /v2/enqueue`. */
export interface PagerDutyEvent {
  /** The integration key: the only credential, so it never appears in errors or logs. */
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  /** At most 255 characters; required for acknowledge and resolve. */
  dedup_key?: string;
  /** Required for trigger. */
  payload?: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
  links?: Array<{ href: string; text?: string }>;
  client?: string;
  client_url?: string;
}

export interface PagerDutyEventsClientOptions {
  /** Default https://events.pagerduty.com/v2/enqueue; tests and EU/proxy setups pass another. */
  eventsUrl?: string;
  /** Client to send with; tests pass one with `proxy: false`. Default: a fresh `lazyAxios()`. */
  axios?: AxiosInstance;
  /** Deadline of each request, on top of the step timeout; default 30 s. */
  requestTimeoutMs?: number;
}

export interface PagerDutyEventsClient {
  /** Host of the events URL: the circuit-breaker target of every PagerDuty step. */
  readonly host: string;
  /** One POST. Resolves on 202; otherwise throws a step error the executor's retry policy understands. */
  send(event: PagerDutyEvent, signal?: AbortSignal): Promise<{ dedupKey: string }>;
}

const answerSchema = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
  dedup_key: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
});

/** Sends Events API v2 events; one attempt per call, retries are the executor's. */
export function createPagerDutyEventsClient(options: PagerDutyEventsClientOptions = {}): PagerDutyEventsClient {
  const eventsUrl = options.eventsUrl ?? DEFAULT_EVENTS_URL;
  const client = options.axios ?? lazyAxios();
  return {
    host: new URL(eventsUrl).host,
    async send(event, signal) {
      const where = { eventAction: event.event_action, dedupKey: event.dedup_key };
      const body = JSON.stringify(event);
      if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
        throw new PermanentStepError(`pagerduty: the event is ${Buffer.byteLength(body)} bytes, over PagerDuty's 512 KB limit (trim custom_details)`, where);
      }
      let response: AxiosResponse<string>;
      try {
        response = await client.post<string>(eventsUrl, body, {
          headers: { 'Content-Type': 'application/json' },
          signal,
          timeout: options.requestTimeoutMs ?? 30_000,
          responseType: 'text',
          validateStatus: () => true,
          maxRedirects: 0,
        });
      } catch (error) {
        if (signal?.aborted) throw new TransientStepError('pagerduty: request aborted', { ...where, aborted: true });
        // PagerDuty: "retry on network errors"; the event may have arrived, which dedup_key makes harmless.
        if (isAxiosError(error)) throw new TransientStepError(`pagerduty: request failed (${error.code ?? 'network error'})`, { ...where, code: error.code });
        throw error;
      }
      const answer = answerSchema.safeParse(parseJson(response.data));
      const parsed = answer.success ? answer.data : {};
      const { status } = response;
      if (status >= 200 && status < 300) return { dedupKey: parsed.dedup_key ?? event.dedup_key ?? '' };

      const retryAfter = response.headers['retry-after'] as unknown;
      const details = {
        ...where,
        status,
        message: parsed.message,
        errors: parsed.errors,
        retryAfter: retryAfter === undefined ? undefined : String(retryAfter),
      };
      const why = [parsed.message, ...(parsed.errors ?? []).map(String)].filter(Boolean).join('; ');
      const message = `pagerduty: ${event.event_action} answered ${status}${why ? `: ${why}` : ''}`;
      // 429 (about 120 events/min per routing key) and 5xx pass with time; 400 means the event itself is
      // invalid and will be refused again, as will any other 4xx.
      if (status === 429 || status >= 500) throw new TransientStepError(message, details);
      throw new PermanentStepError(message, details);
    },
  };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
