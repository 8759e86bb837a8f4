'use strict';
// Preloaded by scripts/bench-analyzer.ts into each timed `netpol` process (node -r): reports, as the last
// line on stderr, the process's peak resident set size in kilobytes and its CPU time (user + system) in
// milliseconds: "bench-rss: <kilobytes> <milliseconds>".
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`bench-rss: ${usage.maxRSS} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});
