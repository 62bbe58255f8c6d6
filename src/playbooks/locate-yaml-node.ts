import type { Document, LineCounter, Node } from 'yaml';
import { yamlLibrary } from '../config/yaml-library';

export interface YamlLocation {
  line: number;
  column: number;
}

/**
 * Line and column of the node at `path` (a zod issue path) in a parsed YAML document. `at: 'key'` points
 * at the mapping key instead of its value (for unknown or misnamed keys). When the path does not exist
 * (a missing required key), falls back to the nearest parent that does, so the author lands close by.
 */
export function locateYamlNode(
  doc: Document,
  lines: LineCounter,
  path: ReadonlyArray<PropertyKey>,
  at: 'key' | 'value' = 'value',
): YamlLocation {
  const { isAlias, isMap, isNode, isPair, isScalar, isSeq } = yamlLibrary();
  let node: unknown = doc.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (const [i, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let key: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      key = pair?.key;
      next = pair?.value ?? pair?.key; // `retry:` with nothing after it has a key but no value node
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    const last = i === path.length - 1;
    if (last && at === 'key' && isNode(key)) next = key;
    if (!isNode(next)) break;
    node = next;
    found = next;
  }
  return toLocation(lines, found?.range?.[0] ?? 0);
}

/** Parses `text` and locates `path` in it; for callers that hold only the file text. */
export function locateInYamlText(text: string, path: ReadonlyArray<PropertyKey>, at: 'key' | 'value' = 'value'): YamlLocation {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return locateYamlNode(doc, lines, path, at);
}

export function toLocation(lines: LineCounter, offset: number): YamlLocation {
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}
