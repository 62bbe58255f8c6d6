import { ConditionSyntaxError } from './condition-syntax-error';
import { pathSource } from './template-path';

export type ConditionToken =
  | { kind: 'op'; op: string; pos: number }
  | { kind: 'literal'; value: string | number | boolean | null; text: string; pos: number }
  | { kind: 'path'; text: string; pos: number }
  | { kind: 'in'; pos: number }
  | { kind: 'eof'; pos: number };

// Longest first, so `<=` is not read as `<` then `=`.
const operators = ['||', '&&', '==', '!=', '=~', '!~', '<=', '>=', '<', '>', '!', '(', ')', '[', ']', ','];
const number = /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const path = new RegExp(pathSource, 'y');
const keywords: Record<string, boolean | null> = { true: true, false: false, null: null };
const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** Splits a condition into tokens, throwing ConditionSyntaxError at the first character that fits none. */
export function tokenizeCondition(text: string): ConditionToken[] {
  const fail: (reason: string, pos: number) => never = (reason, pos) => {
    throw new ConditionSyntaxError(text, reason, pos);
  };
  const tokens: ConditionToken[] = [];
  let pos = 0;
  while (pos < text.length) {
    const c = text[pos]!;
    if (/\s/.test(c)) {
      pos++;
      continue;
    }
    const start = pos;
    if (c === '"' || c === "'") {
      let value = '';
      for (pos++; pos < text.length && text[pos] !== c; pos++) {
        const ch = text[pos]!;
        if (ch !== '\\') value += ch;
        // Unknown escapes stay as written so regexes read naturally: '\d+' is backslash-d-plus.
        else value += escapes[text[++pos] ?? ''] ?? `\\${text[pos] ?? ''}`;
      }
      if (pos >= text.length) fail(`unterminated string, expected closing ${c}`, start);
      pos++;
      tokens.push({ kind: 'literal', value, text: text.slice(start, pos), pos: start });
      continue;
    }
    number.lastIndex = pos;
    const num = number.exec(text);
    if (num) {
      pos += num[0].length;
      tokens.push({ kind: 'literal', value: Number(num[0]), text: num[0], pos: start });
      continue;
    }
    path.lastIndex = pos;
    const word = path.exec(text);
    if (word) {
      pos += word[0].length;
      const w = word[0];
      if (w === 'in') tokens.push({ kind: 'in', pos: start });
      else if (Object.hasOwn(keywords, w)) tokens.push({ kind: 'literal', value: keywords[w]!, text: w, pos: start });
      else tokens.push({ kind: 'path', text: w, pos: start });
      continue;
    }
    const op = operators.find((o) => text.startsWith(o, pos));
    if (op) {
      pos += op.length;
      tokens.push({ kind: 'op', op, pos: start });
      continue;
    }
    if (c === '=') fail('unexpected =: compare with ==', pos);
    if (c === '&' || c === '|') fail(`unexpected ${c}: use && or ||`, pos);
    fail(`unexpected character ${JSON.stringify(c)}`, pos);
  }
  tokens.push({ kind: 'eof', pos: text.length });
  return tokens;
}
