import { parseTemplateParts, type TemplatePart } from '../engine/template-parts';
import { TemplateError } from '../engine/template-error';

/** One string value of a `with:` block (or `lock:`) that holds `{{ }}`, parsed or with its syntax error. */
export type TemplateLeaf =
  | { path: Array<string | number>; text: string; parts: TemplatePart[] }
  | { path: Array<string | number>; text: string; error: string };

/** Every string leaf under `value` that contains `{{`, with `path` as the prefix of its path. */
export function templateLeaves(value: unknown, path: Array<string | number>): TemplateLeaf[] {
  const out: TemplateLeaf[] = [];
  const visit = (v: unknown, at: Array<string | number>): void => {
    if (typeof v === 'string') {
      if (!v.includes('{{')) return;
      try {
        out.push({ path: at, text: v, parts: parseTemplateParts(v, '') });
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        out.push({ path: at, text: v, error: err.message });
      }
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...at, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) visit(item, [...at, k]);
    }
  };
  visit(value, path);
  return out;
}

/** The placeholders' references of a parsed leaf (`labels.x`, `steps.check.output.n`). */
export function leafReferences(leaf: TemplateLeaf): string[] {
  return 'parts' in leaf ? leaf.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.reference])) : [];
}
