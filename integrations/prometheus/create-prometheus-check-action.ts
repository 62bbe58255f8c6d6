import { setTimeout as delay } from 'node:timers/promises';
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Clock } from '../../src/core/clock';
import { durationString } from '../../src/playbooks/duration-string';
import type { Action } from '../../src/engine/action';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createOutboundGuard, type OutboundGuard } from '../outbound/create-outbound-guard';
import { type EmptyPolicy, type Evaluation, evaluateSamples, type Sample } from './evaluate-samples';
import { type Expectation, parseExpectation } from './parse-expectation';
import { type QueryOutcome, queryPrometheus } from './query-prometheus';
import { lazyAxios } from '../outbound/lazy-axios';

export interface PrometheusCheckDeps {
  /** PROMETHEUS_URL (Config.prometheusUrl); a step's `url:` overrides it. */
  baseUrl?: string;
  /** Client to query with; tests pass one with `proxy: false`. Default: a fresh `lazyAxios()`. */
  axios?: AxiosInstance;
  /** Measures `within`. */
  clock: Clock;
  /** Waits between polls; must reject when `signal` aborts. Tests pass one that advances a manual clock. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Deadline of each query; default 30 s. */
  requestTimeoutMs?: number;
  /** Which addresses queries may connect to; default the built-in denials (link-local, metadata, unspecified). */
  outbound?: OutboundGuard;
}

/** The validated `with:` block of a `prometheus.check` step. Durations in ms. */
export interface PrometheusCheckInput {
  query: string;
  expect: Expectation;
  /** Keep polling this long for the expectation to hold; 0 = check once. */
  within: number;
  interval: number;
  empty: EmptyPolicy;
  url?: string;
}

/** Samples copied into output and error details; a 10,000-series vector would bloat the checkpoint. */
const MAX_SAMPLES_SHOWN = 20;


const inputSchema = z
  .object({
    query: z.string().trim().min(1),
    expect: z.string().transform((text, ctx) => {
      const expectation = parseExpectation(text);
      if (expectation) return expectation;
      ctx.addIssue({ code: 'custom', message: `"${text}" is not an expectation; use an operator and a number, e.g. "< 1", "<= 0.05", "== 0"` });
      return z.NEVER;
    }),
    within: durationString({ min: 0 }).default(0),
    interval: durationString().default(15_000),
    empty: z.enum(['fail', 'pass', 'zero']).default('fail'),
    url: z.url({ protocol: /^https?$/, error: 'url must be an absolute http:// or https:// URL' }).optional(),
  })
  .strict();

/**
 * `prometheus.check`: verifies a remediation worked by polling an instant query until every sample meets
 * `expect`, or `within` runs out. Read-only, hence idempotent.
 */
export function createPrometheusCheckAction(deps: PrometheusCheckDeps): Action<PrometheusCheckInput> {
  const client = deps.axios ?? lazyAxios();
  const sleep = deps.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  const requestTimeoutMs = deps.requestTimeoutMs ?? 30_000;
  const guard = deps.outbound ?? createOutboundGuard();
  const baseUrlOf = (input: PrometheusCheckInput): string | undefined => input.url ?? deps.baseUrl;

  return {
    name: 'prometheus.check',
    description: 'Polls a Prometheus instant query until every sample meets an expectation',
    input: inputSchema,
    idempotent: true,
    target: (input) => {
      const base = baseUrlOf(input);
      return base !== undefined && URL.canParse(base) ? new URL(base).host : undefined;
    },
    async execute(input, ctx) {
      const baseUrl = baseUrlOf(input);
      if (baseUrl === undefined) {
        throw new PermanentStepError('prometheus.check: no Prometheus to ask; set PROMETHEUS_URL or give the step a `url:`');
      }
      const deadline = deps.clock.now().getTime() + input.within;
      let attempts = 0;
      let outcome: QueryOutcome;
      let evaluation: Evaluation | undefined;
      for (;;) {
        attempts += 1;
        outcome = await queryPrometheus({ client, baseUrl, query: input.query, signal: ctx.signal, timeoutMs: requestTimeoutMs, guard });
        if (outcome.kind === 'result') {
          evaluation = evaluateSamples(outcome.samples, input.expect, input.empty);
          if (evaluation.satisfied) return satisfiedOutput(input, outcome, attempts);
        }
        const remaining = deadline - deps.clock.now().getTime();
        if (remaining <= 0) break;
        ctx.log.debug({ attempts, query: input.query, outcome: outcome.kind }, 'prometheus.check not yet satisfied');
        try {
          // A last check lands on the deadline rather than stopping up to one interval early.
          await sleep(Math.min(input.interval, remaining), ctx.signal);
        } catch (error) {
          if (ctx.signal.aborted) throw new TransientStepError('prometheus.check: aborted', { aborted: true, attempts });
          throw error;
        }
      }

      const base = { query: input.query, expect: input.expect.text, attempts };
      if (outcome.kind === 'unavailable') {
        // Prometheus, not the service, is the problem: the step's retry policy may try the check again.
        throw new TransientStepError(`prometheus.check: Prometheus unavailable (${outcome.reason})`, { ...base, ...outcome });
      }
      throw verificationFailed(evaluation!, outcome, base);
    },
  };
}

function satisfiedOutput(input: PrometheusCheckInput, outcome: Extract<QueryOutcome, { kind: 'result' }>, attempts: number) {
  return {
    satisfied: true,
    expect: input.expect.text,
    // Values stay Prometheus' strings ("0.002", "+Inf"): JSON has no Infinity, and templates print them as-is.
    value: outcome.samples[0]?.value ?? null,
    values: outcome.samples.slice(0, MAX_SAMPLES_SHOWN),
    seriesCount: outcome.samples.length,
    empty: outcome.samples.length === 0,
    attempts,
    lastResult: lastResult(outcome),
    ...(outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}),
  };
}

function verificationFailed(evaluation: Evaluation, outcome: Extract<QueryOutcome, { kind: 'result' }>, base: Record<string, unknown>) {
  const why: Record<Evaluation['reason'], string> = {
    empty: 'the query returned no series (empty is not zero; set `empty:` if it should count)',
    nan: 'a sample is NaN (often 0/0: no traffic), and NaN never satisfies an expectation',
    'not-met': `${evaluation.failing.length} of ${outcome.samples.length} samples do not satisfy ${base.expect}`,
    met: '',
  };
  return new PermanentStepError(`prometheus.check: verification failed: ${why[evaluation.reason]}`, {
    ...base,
    reason: evaluation.reason,
    nan: evaluation.reason === 'nan',
    failing: evaluation.failing.slice(0, MAX_SAMPLES_SHOWN) satisfies Sample[],
    seriesCount: outcome.samples.length,
    lastResult: lastResult(outcome),
  });
}

function lastResult(outcome: Extract<QueryOutcome, { kind: 'result' }>): { resultType: string; result: unknown } {
  const result = Array.isArray(outcome.result) ? outcome.result.slice(0, MAX_SAMPLES_SHOWN) : outcome.result;
  return { resultType: outcome.resultType, result };
}
