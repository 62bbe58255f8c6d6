/**
 * Alertmanager matcher syntax for `match:` entries: `name="value"`, `name!="value"`, `name=~"re"`, `name!~"re"`.
 * Follows Alertmanager's UTF-8 matcher parser (matcher/parse in prometheus/alertmanager) so a matcher copied
 * from a route or silence means the same here: values are double-quoted with Go escapes, or unquoted when
 * they contain no reserved character; regexes are anchored as `^(?:re)$`.
 */
type MatcherOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatcherOp;
  /** The unquoted value: a literal for `=`/`!=`, the unanchored regex source for `=~`/`!~`. */
  value: string;
  /** The matcher as written (trimmed): what explanations quote back to the author. */
  text: string;
  /** A missing label counts as the empty string, as in Alertmanager (`a!="x"` and `a=""` match when a is absent). */
  matches(labels: Readonly<Record<string, string>>): boolean;
}

export class MatcherSyntaxError extends Error {
  override readonly name = 'MatcherSyntaxError';
  constructor(readonly text: string, readonly reason: string, readonly position?: number) {
    super(`invalid matcher ${JSON.stringify(text)}: ${reason}${position === undefined ? '' : ` (at column ${position + 1})`}`);
  }
}

const labelName = /[a-zA-Z_][a-zA-Z0-9_]*/y;
// Alertmanager's isReserved: whitespace and {}!=~,\"'` end an unquoted token.
const unquotedToken = /[^\s{}!=~,\\"'`]+/y;
const operators: readonly MatcherOp[] = ['=~', '!~', '!=', '='];

/** Parses one matcher. Throws MatcherSyntaxError naming the text, the reason and the column. */
export function parseMatcher(text: string): Matcher {
  const fail: (reason: string, at?: number) => never = (reason, at) => {
    throw new MatcherSyntaxError(text, reason, at);
  };
  let pos = skipSpace(text, 0);

  labelName.lastIndex = pos;
  const nameMatch = labelName.exec(text);
  if (!nameMatch) fail('expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*', pos);
  const name = nameMatch[0];
  pos = skipSpace(text, pos + name.length);

  const op = operators.find((o) => text.startsWith(o, pos));
  if (!op) fail("expected an operator such as '=', '!=', '=~' or '!~'", pos);
  pos = skipSpace(text, pos + op.length);

  let value: string;
  if (text[pos] === '"') {
    const end = findClosingQuote(text, pos);
    if (end < 0) fail('missing closing "', pos);
    value = unquoteGo(text.slice(pos + 1, end), (reason) => fail(reason, pos));
    pos = end + 1;
  } else {
    unquotedToken.lastIndex = pos;
    const token = unquotedToken.exec(text);
    if (!token) fail(pos >= text.length ? 'expected a label value' : `unexpected ${JSON.stringify(text[pos])}: quote the value`, pos);
    value = token[0];
    pos += value.length;
  }

  pos = skipSpace(text, pos);
  if (text[pos] === ',') fail('one matcher per entry: list further matchers as separate items', pos);
  if (pos < text.length) fail(`unexpected ${JSON.stringify(text.slice(pos))} after the value`, pos);

  const test = op === '=~' || op === '!~' ? compileMatcherRegex(value, (reason) => fail(reason)) : undefined;
  const holds = (v: string): boolean => (test ? test.test(v) : v === value);
  const negated = op === '!=' || op === '!~';
  return {
    name,
    op,
    value,
    text: text.trim(),
    // Own properties only: a label called "constructor" must not resolve to Object.prototype.constructor.
    matches: (labels) => holds(Object.hasOwn(labels, name) ? (labels[name] ?? '') : '') !== negated,
  };
}

/**
 * Compiles a Go (RE2) regex the way Alertmanager does: anchored as `^(?:re)$`. Shared with `when:` conditions
 * so `=~` means one thing in every playbook field. JS regexes are close to RE2; the differences that would
 * silently change meaning are translated (leading `(?i)`/`(?s)`, `(?P<name>`, `\pL`, `\A`, `\z`) or refused
 * (lookaround, backreferences, POSIX classes), so a matcher accepted here means the same in Alertmanager.
 */
export function compileMatcherRegex(source: string, fail: (reason: string) => never): RegExp {
  let body = source;
  let flags = '';
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (leading) {
    const requested = leading[1]!;
    // Only flags that leave the anchors alone: JS `m` would change what ^ and $ mean for the whole pattern.
    if (!/^[is]+$/.test(requested)) fail(`unsupported regex flags (?${requested}): use (?i) or (?s)`);
    flags = [...new Set(requested)].join('');
    body = body.slice(leading[0].length);
  }
  const anchored = `^(?:${translateRe2(body, fail)})$`;
  try {
    // Prefer unicode mode (`.` is one code point, as in Go); fall back for patterns only legacy mode accepts (`\-`, `a{`).
    try {
      return new RegExp(anchored, `${flags}u`);
    } catch {
      return new RegExp(anchored, flags);
    }
  } catch (err) {
    return fail(`invalid regex: ${(err as Error).message}`);
  }
}

/** One pass over the pattern, tracking escapes and character classes, rewriting RE2-only spellings. */
function translateRe2(re: string, fail: (reason: string) => never): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    const rest = re.slice(i, i + 4);
    if (c === '\\') {
      const next = re[i + 1] ?? '';
      i++;
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) fail(`regex uses a backreference (\\${next}), which RE2 does not support`);
      if ((next === 'p' || next === 'P') && /^[A-Z]$/.test(re[i + 1] ?? '')) out += `\\${next}{${re[++i]}}`;
      else if (next === 'A' && !inClass) out += '^';
      else if (next === 'z' && !inClass) out += '$';
      else out += c + next;
      continue;
    }
    if (inClass) {
      if (/^\[:[a-z]+:\]/.test(re.slice(i))) fail('regex uses a POSIX class like [:alpha:]: use \\p{L}, \\d or an explicit range');
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // A ] right after [ or [^ is a literal in RE2 but closes an empty class in JS: escape it.
      const lead = /^\[\^?\]?/.exec(rest)![0];
      out += lead.endsWith(']') ? `${lead.slice(0, -1)}\\]` : lead;
      i += lead.length - 1;
      continue;
    } else if (/^\(\?(=|!|<=|<!)/.test(rest)) {
      fail('regex uses lookaround, which RE2 does not support');
    } else if (rest === '(?P<') {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  return out;
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  return pos;
}

/** Index of the `"` that closes the string opened at `start`, skipping backslash escapes; -1 if none. */
function findClosingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

const simpleEscapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };

/**
 * Go's strconv.Unquote for a double-quoted body, which Alertmanager applies to quoted values. `\x` and octal
 * escapes are bytes in Go, so the result is assembled as UTF-8 bytes and decoded once.
 */
function unquoteGo(body: string, fail: (reason: string) => never): string {
  if (body.includes('\n')) fail('a quoted value cannot contain a raw newline: use \\n');
  // Without escapes the bytes are the text's own UTF-8 (a lone surrogate becoming U+FFFD, as below): one
  // conversion instead of a Buffer per character, which was most of the matcher's cost at start-up.
  if (!body.includes('\\')) return Buffer.from(body, 'utf8').toString('utf8');
  const bytes: number[] = [];
  const pushText = (s: string): void => {
    bytes.push(...Buffer.from(s, 'utf8'));
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      pushText(String.fromCodePoint(cp));
      if (cp > 0xffff) i++;
      continue;
    }
    const e = body[i + 1] ?? '';
    if (e in simpleEscapes) {
      bytes.push(simpleEscapes[e]!);
      i++;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) fail(`invalid escape \\${e}${hex}`);
      const n = parseInt(hex, 16);
      if (e === 'x') bytes.push(n);
      else if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) fail(`invalid code point \\${e}${hex}`);
      else pushText(String.fromCodePoint(n));
      i += 1 + width;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) fail(`invalid octal escape \\${oct}`);
      bytes.push(parseInt(oct, 8));
      i += 3;
    } else {
      fail(`invalid escape \\${e} (Go string escapes: \\" \\\\ \\n \\t \\xhh \\uhhhh …)`);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
