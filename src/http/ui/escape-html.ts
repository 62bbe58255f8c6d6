const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text → HTML that shows exactly that text, safe in element content and in quoted attribute values.
 * Every piece of data the console renders goes through here (via the `html` tag), labels and step
 * outputs included: they come from alert senders and remote systems, never from us.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => replacements[c]!);
}
