import { yamlLibrary } from './yaml-library';
import { legacyTokenEntry, legacyTokenName, type ApiTokenEntry } from './api-token-entry';
import { parseApiTokensDocument } from './parse-api-tokens';

export interface ApiTokenSources {
  /** MENDBOT_API_TOKEN, the single token from before roles: an admin named `default`. */
  legacy?: string;
  /** MENDBOT_API_TOKENS, already parsed. */
  listed?: ApiTokenEntry[];
  /** MENDBOT_API_TOKENS_FILE. */
  file?: string;
  readFile: (path: string) => string;
}

/**
 * Every API identity, from all three sources at once (they add up). Two entries with one name, or one
 * token under two names, are refused: either would make "who did this" ambiguous in the timeline.
 */
export function loadApiTokens(sources: ApiTokenSources): { tokens: ApiTokenEntry[]; problems: string[] } {
  const tokens: ApiTokenEntry[] = [];
  const problems: string[] = [];
  if (sources.legacy !== undefined) tokens.push(legacyTokenEntry(sources.legacy));
  tokens.push(...(sources.listed ?? []));

  if (sources.file !== undefined) {
    const read = readTokensFile(sources.file, sources.readFile);
    problems.push(...read.problems);
    tokens.push(...read.entries);
  }

  const seenNames = new Set<string>();
  const seenHashes = new Map<string, string>();
  for (const t of tokens) {
    if (seenNames.has(t.name)) {
      const hint = t.name === legacyTokenName ? ' (MENDBOT_API_TOKEN is already the admin token named "default")' : '';
      problems.push(`API token name ${JSON.stringify(t.name)} is given more than once${hint}; names must be unique`);
    }
    seenNames.add(t.name);
    const other = seenHashes.get(t.sha256);
    if (other !== undefined && other !== t.name) {
      problems.push(`API tokens ${JSON.stringify(other)} and ${JSON.stringify(t.name)} are the same token; give each identity its own`);
    }
    seenHashes.set(t.sha256, t.name);
  }
  return { tokens, problems };
}

function readTokensFile(file: string, readFile: (path: string) => string): { entries: ApiTokenEntry[]; problems: string[] } {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    // Not `instanceof Error`: errors from fs may come from another realm (jest's vm sandbox does this).
    const reason = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unreadable';
    return { entries: [], problems: [`MENDBOT_API_TOKENS_FILE: cannot read ${JSON.stringify(file)} (${reason}); fix the path or unset it`] };
  }
  let document: unknown;
  try {
    document = yamlLibrary().parse(text);
  } catch {
    // The parser's message may quote the offending line, which may hold a token: say only where to look.
    return { entries: [], problems: [`MENDBOT_API_TOKENS_FILE ${file}: not valid YAML or JSON`] };
  }
  return parseApiTokensDocument(document, file);
}
