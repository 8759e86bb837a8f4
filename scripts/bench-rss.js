'use strict';
// Preloaded by scripts/bench-analyzer.ts into each timed `netpol` process (node -r): reports the
// process's peak resident set size on stderr as the last line, "bench-rss: <kilobytes>".
process.on('exit', () => {
  process.stderr.write(`bench-rss: ${process.resourceUsage().maxRSS}\n`);
});
