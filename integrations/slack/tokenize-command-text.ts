export interface CommandToken {
  text: string;
  /** Offsets into the normalised text (so "the rest of the line" can be taken verbatim, e.g. a reason). */
  start: number;
  end: number;
}

export type TokenizeResult = { ok: true; text: string; tokens: CommandToken[] } | { ok: false; error: string };

const smartQuotes = /[\u201C\u201D\u201E\u201F\u2033]/g;

/**
 * Splits slash-command text on whitespace, keeping double-quoted parts intact inside a token, so
 * `alertname="Disk Full" namespace="prod"` is two tokens with their quotes (parseMatcher unquotes them).
 * Slack sends the text HTML-escaped (`&lt;` `&gt;` `&amp;`), and desktop clients often turn " into “ ”:
 * both are undone first.
 */
export function tokenizeCommandText(raw: string): TokenizeResult {
  const text = raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(smartQuotes, '"');
  const tokens: CommandToken[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !/\s/.test(text[i]!)) {
      if (text[i] === '"') {
        const close = closingQuote(text, i);
        if (close < 0) return { ok: false, error: `unterminated quote at column ${i + 1}` };
        i = close + 1;
      } else {
        i++;
      }
    }
    tokens.push({ text: text.slice(start, i), start, end: i });
  }
  return { ok: true, text, tokens };
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** `"a \"b\""` → `a "b"`; unquoted text is returned as is. */
export function unquoteToken(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return text;
}
