// Fallback for `bench/max-rss.mjs` (same output) while that hook is not in the checkout: loaded with
// `node --import`, it reports the process's peak RSS on exit (stderr).
process.on("exit", () => {
  process.stderr.write(`ne-lint-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
