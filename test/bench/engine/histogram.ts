/** A Prometheus histogram as scraped: cumulative bucket counts by upper bound (seconds), count and sum. */
export interface Histogram {
  buckets: Array<{ le: number; count: number }>;
  count: number;
  sum: number;
}
