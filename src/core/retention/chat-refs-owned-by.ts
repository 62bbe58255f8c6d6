/**
 * The chat references (Store.putChatRef keys) that belong to incidents or runs and go when they are pruned.
 * Chat keys name their owner right after the kind: `incident:<incident id>`, `run:<run id>` (an approval
 * message) and `reply:<incident or run id>:<what>` (a thread reply), so an owner's refs are a few exact keys
 * and one prefix, which both stores find through their primary key.
 */
export function chatRefsOwnedBy(ownerIds: readonly string[]): { keys: string[]; prefixes: string[] } {
  return {
    keys: ownerIds.flatMap((id) => [`incident:${id}`, `run:${id}`]),
    prefixes: ownerIds.map((id) => `reply:${id}:`),
  };
}

/** The smallest string greater than every string starting with `prefix`: `[prefix, upper)` is a key range. */
export function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
