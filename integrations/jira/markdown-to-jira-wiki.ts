/**
 * Best-effort Markdown → Jira wiki markup, for the v2 `description` string (v2 takes wiki text; v3 would
 * need an ADF document). Covers what postmortems use: headings, lists, emphasis, inline and
 * fenced code, links, quotes, rules and simple tables. Anything else passes through as text, which Jira
 * still shows readably. HTML comments are dropped: Jira would print them literally.
 */
export function markdownToJiraWiki(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, '').replace(/\r\n?/g, '\n').split('\n');

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = /^\s*(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
    if (fence !== null) {
      // Inside a code block nothing is converted; Jira's {code} shows it verbatim.
      if (fenceMatch && fenceMatch[1] === fence) {
        out.push('{code}');
        fence = null;
      } else {
        out.push(line);
      }
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      out.push(fenceMatch[2] ? `{code:${fenceMatch[2]}}` : '{code}');
      continue;
    }
    if (isTableRow(line) && isTableSeparator(lines[i + 1])) {
      out.push(tableRow(line, '||'));
      i++; // the separator row has no Jira equivalent
      continue;
    }
    out.push(convertBlock(line));
  }
  if (fence !== null) out.push('{code}'); // an unclosed fence would swallow the rest of the issue
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function convertBlock(line: string): string {
  const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `h${heading[1]!.length}. ${convertInline(heading[2]!)}`;
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return '----';
  const quote = /^>\s?(.*)$/.exec(line);
  if (quote) return `bq. ${convertInline(quote[1]!)}`;
  const item = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/.exec(line);
  if (item) {
    const depth = Math.floor(item[1]!.replace(/\t/g, '  ').length / 2) + 1;
    const marker = /\d/.test(item[2]!) ? '#' : '*';
    return `${marker.repeat(depth)} ${convertInline(item[3]!)}`;
  }
  if (isTableRow(line)) return tableRow(line, '|');
  return convertInline(line);
}

/** Inline code first, so nothing inside backticks is touched; then links, escapes and emphasis. */
function convertInline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? `{{${part.slice(1, -1)}}}` : convertText(part)))
    .join('');
}

function convertText(text: string): string {
  return text
    .split(/(\[[^\]]*\]\([^)\s]+\))/)
    .map((part) => {
      const link = /^\[([^\]]*)\]\(([^)\s]+)\)$/.exec(part);
      if (link) return link[1] ? `[${emphasis(escape(link[1]))}|${link[2]}]` : `[${link[2]}]`;
      return emphasis(escape(part));
    })
    .join('');
}

/** `{` starts a macro and `[` a link in Jira; a literal one in Markdown must stay literal. */
function escape(text: string): string {
  return text.replace(/([{}[\]])/g, '\\$1');
}

function emphasis(text: string): string {
  const BOLD = '\u0001';
  return text
    .replace(/\*\*(?=\S)(.+?)\*\*|__(?=\S)(.+?)__/g, (_m, a?: string, b?: string) => `${BOLD}${a ?? b}${BOLD}`)
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)\*(?!\w)/g, '$1_$2_')
    .replace(/~~(?=\S)(.+?)~~/g, '-$1-')
    .replace(new RegExp(BOLD, 'g'), '*');
}

function isTableRow(line: string | undefined): boolean {
  return line !== undefined && /^\s*\|.*\|\s*$/.test(line);
}

function isTableSeparator(line: string | undefined): boolean {
  return line !== undefined && /^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(line);
}

function tableRow(line: string, separator: '|' | '||'): string {
  const cells = line.trim().slice(1, -1).split('|').map((cell) => convertInline(cell.trim()));
  return `${separator}${cells.join(separator)}${separator}`;
}
