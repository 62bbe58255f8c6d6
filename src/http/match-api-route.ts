import { escapeRegExp } from '../core/escape-reg-exp';
import { ErrorCode, MendbotError } from '../core/errors';
import type { ApiRouteRule } from './api-route-roles';

interface CompiledRule {
  rule: ApiRouteRule;
  pattern: RegExp;
  params: string[];
}

/** Matches like express does by default: case-insensitive, an optional trailing slash, `:name` = one segment. */
function compile(rule: ApiRouteRule): CompiledRule {
  const params: string[] = [];
  const source = rule.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return escapeRegExp(segment);
      params.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { rule, pattern: new RegExp(`^${source}/?$`, 'i'), params };
}

/**
 * The rule for `method path`, or undefined when no rule lists it. HEAD is answered by GET routes, so it
 * needs what GET needs. A path parameter that is not valid percent-encoding is refused here, before the
 * router would throw on it, with the parameter named.
 */
export function createApiRouteMatcher(rules: readonly ApiRouteRule[]): (method: string, path: string) => ApiRouteRule | undefined {
  const compiled = rules.map(compile);
  return (method, path) => {
    const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
    for (const c of compiled) {
      if (c.rule.method !== m) continue;
      const match = c.pattern.exec(path);
      if (!match) continue;
      c.params.forEach((name, i) => {
        try {
          decodeURIComponent(match[i + 1]!);
        } catch {
          throw new MendbotError(ErrorCode.InvalidQuery, `${name} is not valid percent-encoding`, { path: name });
        }
      });
      return c.rule;
    }
    return undefined;
  };
}
