/**
 * Builds an API path with every interpolated value percent-encoded. The zod inputs already restrict names to
 * DNS-1123, so this is a second fence: even a value that slipped past them cannot add `/`, `..` or `?` to the path.
 */
export function apiPath(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((path, part, i) => path + part + (i < values.length ? encodeURIComponent(values[i]!) : ''), '');
}
