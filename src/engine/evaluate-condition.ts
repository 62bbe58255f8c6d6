import { compileMatcherRegex } from '../playbooks/parse-matcher';
import { ConditionSyntaxError } from './condition-syntax-error';
import { tokenizeCondition, type ConditionToken } from './condition-tokens';
import { compareValues, isTrue, testRegex, type ComparisonOp } from './condition-values';
import type { TemplateScope } from './render-template';
import { lookupTemplatePath, parseTemplatePath } from './template-path';

export { ConditionSyntaxError } from './condition-syntax-error';

/** A compiled `when:` condition; `references` lists the scope paths it reads (for validate/simulate). */
export type CompiledCondition = ((scope: TemplateScope) => boolean) & { readonly references: readonly string[] };

/** Playbooks are authored by people, not generated: these bound parse time and recursion, not expressiveness. */
export const maxConditionLength = 1000;
export const maxConditionDepth = 32;

type Evaluate = (scope: TemplateScope) => unknown;

const comparisons = new Set(['==', '!=', '<', '<=', '>', '>=']);

/**
 * Compiles a `when:` condition into a closure tree, once, at playbook load. A hand-written parser over a tiny
 * grammar instead of eval/Function: conditions can read the scope and nothing else (no globals, no calls,
 * no assignment), and every syntax error surfaces at load with its column.
 *
 *   or      := and ('||' and)*
 *   and     := not ('&&' not)*
 *   not     := '!' not | test               (so `!a == b` means `!(a == b)`)
 *   test    := operand [ cmp operand | ('=~' | '!~') string | 'in' '[' literal (',' literal)* ']' ]
 *   operand := literal | path | '(' or ')'
 */
export function compileCondition(text: string): CompiledCondition {
  if (text.length > maxConditionLength) {
    throw new ConditionSyntaxError(text, `condition longer than ${maxConditionLength} characters`, maxConditionLength);
  }
  const tokens = tokenizeCondition(text);
  const references = new Set<string>();
  let i = 0;
  let depth = 0;
  const peek = (): ConditionToken => tokens[i]!;
  const isOp = (op: string): boolean => {
    const t = peek();
    return t.kind === 'op' && t.op === op;
  };
  const fail: (reason: string, at?: ConditionToken) => never = (reason, at = peek()) => {
    throw new ConditionSyntaxError(text, reason, at.pos);
  };
  const describe = (t: ConditionToken): string =>
    t.kind === 'eof' ? 'end of condition' : t.kind === 'op' ? t.op : t.kind === 'in' ? 'in' : t.text;
  const expectOp = (op: string): void => {
    if (!isOp(op)) fail(`expected ${op} but found ${describe(peek())}`);
    i++;
  };
  const nest = <T>(inner: () => T): T => {
    if (++depth > maxConditionDepth) fail(`condition nested deeper than ${maxConditionDepth} levels`);
    const result = inner();
    depth--;
    return result;
  };

  const parseOr = (): Evaluate => {
    let left = parseAnd();
    while (isOp('||')) {
      i++;
      const [l, r] = [left, parseAnd()];
      left = (s) => isTrue(l(s)) || isTrue(r(s));
    }
    return left;
  };
  const parseAnd = (): Evaluate => {
    let left = parseNot();
    while (isOp('&&')) {
      i++;
      const [l, r] = [left, parseNot()];
      left = (s) => isTrue(l(s)) && isTrue(r(s));
    }
    return left;
  };
  const parseNot = (): Evaluate => {
    if (!isOp('!')) return parseTest();
    i++;
    const inner = nest(parseNot);
    return (s) => !isTrue(inner(s));
  };
  const parseTest = (): Evaluate => {
    const left = parseOperand();
    const t = peek();
    let test: Evaluate = left;
    if (t.kind === 'op' && comparisons.has(t.op)) {
      i++;
      const right = parseOperand();
      const op = t.op as ComparisonOp;
      test = (s) => compareValues(op, left(s), right(s));
    } else if (t.kind === 'op' && (t.op === '=~' || t.op === '!~')) {
      i++;
      const pattern = peek();
      if (pattern.kind !== 'literal' || typeof pattern.value !== 'string') fail(`${t.op} needs a quoted regex on its right`);
      const re = compileMatcherRegex(pattern.value, (reason) => fail(reason, pattern));
      i++;
      const negate = t.op === '!~';
      test = (s) => {
        const matched = testRegex(re, left(s));
        return matched !== undefined && matched !== negate;
      };
    } else if (t.kind === 'in') {
      i++;
      const list = parseList();
      test = (s) => {
        const v = left(s);
        return list.some((item) => compareValues('==', v, item));
      };
    }
    const after = peek();
    if (after.kind === 'op' && (comparisons.has(after.op) || after.op === '=~' || after.op === '!~')) {
      fail(`comparisons do not chain: add parentheses before ${after.op}`, after);
    }
    return test;
  };
  const parseList = (): unknown[] => {
    expectOp('[');
    const items: unknown[] = [];
    for (;;) {
      const t = peek();
      if (t.kind !== 'literal') fail(`expected a string, number, true, false or null in the list, found ${describe(t)}`);
      items.push(t.value);
      i++;
      if (!isOp(',')) break;
      i++;
    }
    expectOp(']');
    return items;
  };
  const parseOperand = (): Evaluate => {
    const t = peek();
    if (t.kind === 'literal') {
      i++;
      const value = t.value;
      return () => value;
    }
    if (t.kind === 'path') {
      const parsed = parseTemplatePath(t.text);
      if ('error' in parsed) return fail(parsed.error);
      const { segments } = parsed;
      references.add(t.text);
      i++;
      return (s) => lookupTemplatePath(s, segments);
    }
    if (isOp('(')) {
      i++;
      const inner = nest(parseOr);
      expectOp(')');
      return inner;
    }
    return fail(`expected a value, path or ( but found ${describe(t)}`);
  };

  if (peek().kind === 'eof') fail('empty condition');
  const root = parseOr();
  if (peek().kind !== 'eof') fail(`unexpected ${describe(peek())}`);
  const condition = (scope: TemplateScope): boolean => isTrue(root(scope));
  return Object.assign(condition, { references: [...references] });
}
