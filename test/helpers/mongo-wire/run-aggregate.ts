import { getPath, matchDocument, projectDocument, sortDocuments, type Doc } from './match-document';

/**
 * The aggregation stages the driver and the adapter use: $match, $sort, $skip, $limit, $project,
 * $count, and $group with a constant or field `_id` and `$sum` (countDocuments sends
 * `$group: { _id: 1, n: { $sum: 1 } }`). Anything else throws.
 */
export function runAggregate(input: Doc[], pipeline: Doc[]): Doc[] {
  let docs = input;
  for (const stage of pipeline) {
    const [name, arg] = Object.entries(stage)[0]!;
    switch (name) {
      case '$match':
        docs = docs.filter((d) => matchDocument(d, arg as Doc));
        break;
      case '$sort':
        docs = sortDocuments(docs, arg as Doc);
        break;
      case '$skip':
        docs = docs.slice(Number(arg));
        break;
      case '$limit':
        docs = docs.slice(0, Number(arg));
        break;
      case '$project':
        docs = docs.map((d) => projectDocument(d, arg as Doc));
        break;
      case '$count':
        docs = docs.length === 0 ? [] : [{ [arg as string]: docs.length }];
        break;
      case '$group':
        docs = group(docs, arg as Doc);
        break;
      default:
        throw new Error(`mongo-wire: unsupported aggregation stage ${name}`);
    }
  }
  return docs;
}

function evaluate(doc: Doc, expr: unknown): unknown {
  return typeof expr === 'string' && expr.startsWith('$') ? getPath(doc, expr.slice(1)) : expr;
}

function group(docs: Doc[], spec: Doc): Doc[] {
  const groups = new Map<string, Doc>();
  for (const d of docs) {
    const id = evaluate(d, spec._id);
    const key = JSON.stringify(id ?? null);
    let g = groups.get(key);
    if (!g) {
      g = { _id: id ?? null };
      for (const field of Object.keys(spec)) if (field !== '_id') g[field] = 0;
      groups.set(key, g);
    }
    for (const [field, acc] of Object.entries(spec)) {
      if (field === '_id') continue;
      const [op, expr] = Object.entries(acc as Doc)[0]!;
      if (op !== '$sum') throw new Error(`mongo-wire: unsupported accumulator ${op}`);
      const v = evaluate(d, expr);
      g[field] = (g[field] as number) + (typeof v === 'number' ? v : 0);
    }
  }
  return [...groups.values()];
}
