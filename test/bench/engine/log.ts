/** Progress lines go to stderr, so stdout holds only the report. */
export function log(message: string): void {
  process.stderr.write(`[bench:engine] ${message}\n`);
}
