/**
 * The Node.js flags mendbot is served with: `npm start`, the image's ENTRYPOINT and the `mendbot` bin's shebang
 * all pass them (a deployment test holds the three to this list), and the benchmarks start it with them.
 *
 * `--max-semi-space-size=32`: V8's young generation at 32 MB per semi-space instead of 16. A delivery's parsed
 * body, alerts and rows stay alive until its group commit answers, so with 16 MB a storm's scavenges kept
 * copying and promoting them, and old-generation GC followed: GC was ~16 % of busy CPU at 50-alert groups.
 * Measured with `npm run bench:ab`: −15 % and −25 % CPU per 50-alert group in two runs, −6 % per single alert;
 * 64 MB was no better than 32. Costs up to ~32 MB more heap under load (target 5 of the benchmark watches RSS).
 *
 * `--expose-gc`: lets startHeapSettler hand a storm's heap back once the load is over (two full collections on a
 * quiet loop, the body encoder's thread told to collect too), instead of waiting for V8's memory reducer.
 */
export const servedNodeFlags = ['--max-semi-space-size=32', '--expose-gc'];
