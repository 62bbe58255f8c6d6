import type { Readable } from 'node:stream';

/** The first bytes of a response body, and whether more followed. */
export interface CappedBody {
  bytes: Buffer;
  truncated: boolean;
}

/**
 * Reads a response stream up to `capBytes`, then stops reading (leaving the loop destroys the stream).
 * Memory stays bounded however large the answer is; the status code, not the body, decides the step.
 */
export async function readCappedBody(stream: Readable, capBytes: number): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    if (size + buf.length > capBytes) {
      chunks.push(buf.subarray(0, capBytes - size));
      return { bytes: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}
