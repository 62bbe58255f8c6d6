/** Progress lines go to stderr, so stdout holds only the report tables. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
