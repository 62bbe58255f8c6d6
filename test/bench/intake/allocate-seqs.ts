let nextSeq = 0;

/**
 * Reserves `count` body numbers never used before in this run and returns the first. Every body handed to
 * mendbot has its own seq, hence its own group key: each request is a new incident, never a duplicate.
 */
export function allocateSeqs(count: number): number {
  const first = nextSeq;
  nextSeq += count;
  return first;
}
