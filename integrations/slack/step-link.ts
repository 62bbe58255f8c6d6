import type { StepState } from '../../src/core/runs/run';

/**
 * A step's output `link` (an Alertmanager silence, say) as a Slack link, or undefined when the step has none
 * or it is not a plain http(s) URL: output is whatever the action returned, and `|` or `>` would break out
 * of the `<url|label>` syntax.
 */
export function stepLink(step: Pick<StepState, 'output'>, label?: string): string | undefined {
  const url = step.output?.link;
  if (typeof url !== 'string' || !/^https?:\/\/[^\s|<>]+$/.test(url)) return undefined;
  return label === undefined ? `<${url}>` : `<${url}|${label.replace(/[|<>&]/g, '')}>`;
}
