import type { Decision } from './decision';

const made = new WeakMap<readonly Decision[], string>();

/**
 * A delivery's decisions as JSON text, made once per list: the store keeps this text (or what it makes of it) and
 * the webhook answers with it, so a short list is stringified once, not twice. (A group's list is neither: the
 * SQLite store folds it and the answer lists its first decisions.)
 * A list is final once decided (decideDelivery builds it, nothing appends to it after), which is what makes
 * remembering its text by identity safe; the WeakMap lets it go with the list.
 */
export function decisionsJson(decisions: readonly Decision[]): string {
  let text = made.get(decisions);
  if (text === undefined) {
    text = JSON.stringify(decisions);
    made.set(decisions, text);
  }
  return text;
}
