/**
 * A progress line on standard error while a long run works: only on a terminal, never in CI (`CI` set,
 * where logs keep every carriage return as a line) and never with machine formats, whose readers want
 * nothing but the report. It appears after a second, so quick runs print nothing, and is erased at the end.
 */
export interface ProgressPolicy {
  readonly stderrIsTty: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly format: string;
}

export function progressWanted(policy: ProgressPolicy): boolean {
  return policy.stderrIsTty && (policy.env.CI === undefined || policy.env.CI === "") && policy.format === "stylish";
}

/** Starts the line; the returned function stops and erases it. */
export function startProgress(label: string, write: (text: string) => void, intervalMs = 1000): () => void {
  let seconds = 0;
  let shown = false;
  const timer = setInterval(() => {
    seconds += intervalMs / 1000;
    shown = true;
    write(`\r\u001b[Kne-lint: ${label}… ${Math.round(seconds)} s`);
  }, intervalMs);
  // The line must never keep the process alive.
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shown) write("\r\u001b[K");
  };
}
