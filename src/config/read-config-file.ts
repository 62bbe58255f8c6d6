import type { Document, LineCounter } from 'yaml';
import { yamlLibrary } from './yaml-library';
import { z } from 'zod';
import { closestName } from './closest-name';
import { configFileSchema, type ConfigFile } from './config-file-schema';

/** The parsed file, or undefined with at least one problem. Problems read `file:line:col key.path: what`. */
export interface ConfigFileResult {
  file?: ConfigFile;
  problems: string[];
}

/** Reads and validates the MENDBOT_CONFIG YAML file, reporting every problem with its line and column. */
export function readConfigFile(path: string, readFile: (path: string) => string): ConfigFileResult {
  let source: string;
  try {
    source = readFile(path);
  } catch (err) {
    // Not `instanceof Error`: errors from fs may come from another realm (jest's vm sandbox does this).
    const reason = typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
    return { problems: [`MENDBOT_CONFIG: cannot read ${JSON.stringify(path)} (${reason}); fix the path or unset MENDBOT_CONFIG`] };
  }

  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return `${path}:${pos.line}:${pos.col} invalid YAML: ${e.message}; fix the syntax in MENDBOT_CONFIG`;
      }),
    };
  }

  // An empty file (or one holding only comments) configures nothing, which is fine.
  const result = configFileSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return { file: result.data, problems: [] };
  return { problems: result.error.issues.flatMap((issue) => describeIssue(issue, path, doc, lineCounter)) };
}

function describeIssue(issue: z.core.$ZodIssue, file: string, doc: Document, lines: LineCounter): string[] {
  const { isMap, isNode, isScalar } = yamlLibrary();
  const path = issue.path.filter((p) => typeof p !== 'symbol');
  const at = (offset: number | undefined): string => {
    const pos = lines.linePos(offset ?? 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  if (issue.code === 'unrecognized_keys') {
    const parent = doc.getIn(path, true);
    const allowed = allowedKeys(path);
    return issue.keys.map((key) => {
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
      const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
      const hint = closestName(key, allowed, Math.max(2, Math.ceil(key.length / 3)));
      return `${at(keyNode?.range?.[0])} ${[...path, key].join('.')}: unknown key${hint ? `; did you mean ${hint}?` : ''} (allowed: ${allowed.join(', ')})`;
    });
  }
  const node = doc.getIn(path, true);
  const name = path.length > 0 ? path.join('.') : '(top level)';
  return [`${at(isNode(node) ? node.range?.[0] : undefined)} ${name}: ${issue.message}`];
}

/** The keys the schema accepts at `path`, for the "allowed:" hint. */
function allowedKeys(path: ReadonlyArray<string | number>): string[] {
  let schema: z.core.$ZodType | undefined = configFileSchema;
  for (const key of path) schema = objectIn(schema)?.shape[String(key)];
  return Object.keys(objectIn(schema)?.shape ?? {});
}

function objectIn(schema: z.core.$ZodType | undefined): z.ZodObject | undefined {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
  return s instanceof z.ZodObject ? s : undefined;
}
