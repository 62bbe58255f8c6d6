/** A counter from GET /metrics, summed over all its label sets. */
export async function scrapeCounterSum(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const m = line.match(new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+(\\S+)`));
    if (m) total += Number(m[1]);
  }
  return total;
}
