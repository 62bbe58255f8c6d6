import type { Readable } from 'node:stream';

/** What a child wrote to one stream, up to a cap. */
export interface CapturedOutput {
  text(): string;
  truncated(): boolean;
}

/**
 * Keeps the first `maxBytes` of a stream and discards the rest, but keeps reading to the end: a child
 * blocked on a full pipe would never exit.
 */
export function captureOutput(stream: Readable, maxBytes: number): CapturedOutput {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  stream.on('data', (chunk: Buffer) => {
    if (size + chunk.length > maxBytes) truncated = true;
    if (size >= maxBytes) return;
    const kept = chunk.subarray(0, maxBytes - size);
    chunks.push(kept);
    size += kept.length;
  });
  return {
    text: () => Buffer.concat(chunks).toString('utf8'),
    truncated: () => truncated,
  };
}
