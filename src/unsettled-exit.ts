/**
 * The exit status of a process ne-lint owns (the CLI, the Action) whose run never settles: 13, as Node's own for an
 * unsettled top-level await, which the ES module entries used to rely on. Without it, a run whose promise is left
 * pending (a bug, a lost callback) would let Node exit 0 — a passed step, a clean lint — having written nothing.
 */
export function exitThirteenUnlessSettled(): () => void {
  let settled = false;
  process.once("exit", () => {
    if (!settled && process.exitCode === undefined) process.exitCode = 13;
  });
  return () => {
    settled = true;
  };
}
