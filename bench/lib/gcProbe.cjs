// Preloaded into the benchmarked `serve` process (node --expose-gc -r …): on SIGUSR2 it
// collects garbage and writes one line `gc-probe {"heapUsed":…,"rss":…}` to stderr, so
// the benchmark samples memory after a full collection instead of GC timing noise.
process.on('SIGUSR2', () => {
  if (global.gc) global.gc();
  const m = process.memoryUsage();
  process.stderr.write(`gc-probe ${JSON.stringify({ heapUsed: m.heapUsed, rss: m.rss })}\n`);
});
