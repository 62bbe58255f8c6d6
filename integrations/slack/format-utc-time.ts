/**
 * `10:02 UTC`: a clock time without the date, to the minute. Used where a line is rewritten as time passes
 * (Alertmanager checks): minutes keep the text, and so the number of chat.update calls, from changing on
 * every check.
 */
export function formatUtcTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}
