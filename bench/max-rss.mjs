// Loaded with `node --import` by the benchmarks and the hostile-input tests: reports the process's
// peak RSS on exit (stderr). VmHWM belongs to this process image; getrusage's maxRSS would also count
// the parent's memory (Linux carries the high-water mark across fork and exec).
import { readFileSync } from "node:fs";

function peakKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

process.on("exit", () => {
  process.stderr.write(`ne-lint-max-rss-kb=${peakKb()}\n`);
});
