import { scrapeCounterSum } from './scrape-counter-sum';

/** Polls mendbot_runs_total until it reaches `finishedTotal`; false if it did not within `timeoutMs`. */
export async function waitForRuns(url: string, finishedTotal: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await scrapeCounterSum(url, 'mendbot_runs_total');
    if (n >= finishedTotal) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
