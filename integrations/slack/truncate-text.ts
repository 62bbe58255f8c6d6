/** Cuts `text` to at most `max` characters, ending in `…` when cut (Block Kit rejects over-long fields). */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
